package dev.tally.model;

/**
 * The kinds of resource that live in folders. {@code UNKNOWN} stands for a value newer than this
 * build.
 */
public enum FolderResourceType {
  FOLDER,
  CLUSTER,
  UNKNOWN
}
