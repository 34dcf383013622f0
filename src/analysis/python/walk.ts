// One cursor walk over tree-sitter's Python tree: the only traversal the Python layer does.
import type { Node, Tree, TreeCursor } from "web-tree-sitter";

export interface Visitor {
  /** Only named nodes of these types reach enter/exit, so other nodes never become Node objects. */
  types: ReadonlySet<string>;
  enter?(node: Node): void;
  exit?(node: Node): void;
  /** Asked for each wanted node after enter: false skips its children (exit still follows). */
  descend?(cursor: TreeCursor): boolean;
}

// Keywords share some names with nodes (`lambda`), hence the named check.
function wanted(cursor: TreeCursor, visitor: Visitor): boolean {
  return visitor.types.has(cursor.nodeType) && cursor.nodeIsNamed;
}

/**
 * Visits a whole tree (or one node's subtree) once in source order with a cursor: enter before
 * a node's children, exit after them. No recursion, so deeply nested code cannot overflow the stack.
 */
export function walk(root: Tree | Node, visitor: Visitor): void {
  const cursor = root.walk();
  try {
    let descending = true;
    for (;;) {
      if (descending) {
        const hit = wanted(cursor, visitor);
        if (hit && visitor.enter) visitor.enter(cursor.currentNode);
        if (!(hit && visitor.descend && !visitor.descend(cursor)) && cursor.gotoFirstChild()) continue;
      }
      if (visitor.exit && wanted(cursor, visitor)) visitor.exit(cursor.currentNode);
      if (cursor.gotoNextSibling()) {
        descending = true;
      } else if (cursor.gotoParent()) {
        descending = false;
      } else {
        return;
      }
    }
  } finally {
    cursor.delete();
  }
}
