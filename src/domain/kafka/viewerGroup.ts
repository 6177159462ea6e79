/**
 * Shoreline's throwaway consumer groups: every read of a topic (CLI consume, Read Messages, the message viewer) uses
 * a group `shoreline-viewer-<uuid>` of its own, never commits, and deletes it afterwards. Trees hide these.
 */
export const VIEWER_GROUP_PREFIX = 'shoreline-viewer-';

export function isViewerGroup(groupId: string): boolean {
  return groupId.startsWith(VIEWER_GROUP_PREFIX);
}
