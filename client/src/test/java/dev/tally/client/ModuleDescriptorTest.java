package dev.tally.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import org.junit.jupiter.api.Test;

/**
 * The tests run on the module path (see the pom), so the module-info is exercised, not just
 * compiled.
 */
class ModuleDescriptorTest {

  @Test
  void sdkIsTheNamedModuleExportingOnlyItsApiPackage() {
    Module module = TallyClient.class.getModule();
    assertThat(module.isNamed()).as("tests must run on the module path").isTrue();
    ModuleDescriptor descriptor = module.getDescriptor();

    assertThat(descriptor.name()).isEqualTo("dev.tally.client");
    assertThat(descriptor.exports())
        .extracting(ModuleDescriptor.Exports::source)
        .containsExactly("dev.tally.client");
    assertThat(descriptor.requires())
        .extracting(ModuleDescriptor.Requires::name)
        .contains("java.net.http", "com.fasterxml.jackson.databind")
        .doesNotContain("jdk.httpserver", "java.logging");
  }

  @Test
  void versionResourceIsReadableFromInsideTheModule() {
    assertThat(SdkVersion.VERSION).isNotEqualTo("unknown").matches("\\d+\\.\\d+\\.\\d+.*");
  }
}
