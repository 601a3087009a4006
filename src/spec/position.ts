/**
 * Maps field paths of a parsed YAML document back to 1-based line and column numbers, so every
 * spec error can point at the node to fix.
 */
import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type LineCounter, type Node } from 'yaml';

/** A 1-based position in a file. */
export interface Position {
  line: number;
  column: number;
}

/**
 * Where a field-path error should point. `value`: the node at the path (or, when absent, the deepest
 * mapping that exists: for a missing required key, the parent); `key`: the key of the last path segment
 * (for unknown keys).
 */
export type Target = 'value' | 'key';

/** Resolves field paths of one document to positions. */
export interface Locator {
  /** Position of the node that `path` names; falls back to its closest existing ancestor, then 1:1. */
  at(path: readonly PropertyKey[], target?: Target): Position;
}

/** Builds a {@link Locator} over `doc`, whose source offsets `lineCounter` has recorded. */
export function createLocator(doc: Document, lineCounter: LineCounter): Locator {
  const toPosition = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  return {
    at(path, target = 'value') {
      let node: unknown = doc.contents;
      let best: Position = node && hasRange(node) ? toPosition(node.range[0]) : { line: 1, column: 1 };
      for (const [index, segment] of path.entries()) {
        node = resolveAlias(doc, node);
        const last = index === path.length - 1;
        if (isMap(node)) {
          const pair = node.items.find(
            (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment),
          );
          if (!pair) return best;
          const keyNode = pair.key;
          const keyPos = hasRange(keyNode) ? toPosition(keyNode.range[0]) : best;
          if (last && target === 'key') return keyPos;
          const value = resolveAlias(doc, pair.value);
          // An empty value (`key:`) has a zero-width range after the colon; the key is the useful spot.
          best = value && hasRange(value) && !isEmptyScalar(value) ? toPosition(value.range[0]) : keyPos;
          node = value;
        } else if (isSeq(node) && typeof segment === 'number') {
          const item = node.items[segment];
          if (item === undefined) return best;
          const value = resolveAlias(doc, item);
          if (value && hasRange(value)) best = toPosition(value.range[0]);
          node = value;
        } else {
          return best;
        }
      }
      return best;
    },
  };
}

function resolveAlias(doc: Document, node: unknown): unknown {
  // Errors inside an aliased value point at the anchored original, the only place where it can be fixed.
  return isAlias(node) ? node.resolve(doc) : node;
}

function hasRange(node: unknown): node is Node & { range: [number, number, number] } {
  return typeof node === 'object' && node !== null && Array.isArray((node as { range?: unknown }).range);
}

function isEmptyScalar(node: unknown): boolean {
  return isScalar(node) && node.value === null && (node.source === '' || node.source === undefined);
}
