// A projection that only includes fields (`{ code: 1, 'assignment.unitCode': 1 }`), done by walking
// each document once. mingo's `$project` deep-copies every document before projecting and resolves
// each path through its generic graph: on a dashboard reading thousands of tickets that was most of
// the stand-in's time (issue 21). Anything else (exclusions, expressions, `$` operators, positional
// paths, path collisions) is left to mingo, which also raises MongoDB's errors for them.
import { isPlainObject, type Doc } from './bson-order.js';
import { cloneDocument } from './query-engine.js';
import { defineField } from './update-paths.js';

/** Included paths as a tree: `true` at a path's end. */
type InclusionTree = { [field: string]: InclusionTree | true };

/** The tree of a pure inclusion projection, or undefined when mingo has to do it. */
export function inclusionTree(projection: Doc): { tree: InclusionTree; withId: boolean } | undefined {
  const tree: InclusionTree = {};
  let withId = true;
  for (const [path, spec] of Object.entries(projection)) {
    if (path === '_id' && (spec === 0 || spec === false)) {
      withId = false;
      continue;
    }
    if (spec !== 1 && spec !== true) return undefined;
    if (path.length === 0 || path.includes('$')) return undefined;
    const parts = path.split('.');
    if (parts.some((part) => part.length === 0)) return undefined;
    let node = tree;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] as string;
      const existing = Object.hasOwn(node, part) ? node[part] : undefined;
      if (i === parts.length - 1) {
        if (existing !== undefined) return undefined; // 'a' and 'a.b': a path collision, mingo reports it
        defineField(node as Doc, part, true);
      } else {
        if (existing === true) return undefined;
        const child: InclusionTree = existing ?? {};
        if (existing === undefined) defineField(node as Doc, part, child);
        node = child;
      }
    }
  }
  // `{ _id: 0 }` alone excludes: every other field stays.
  if (Object.keys(tree).length === 0) return undefined;
  if (withId && !Object.hasOwn(tree, '_id')) defineField(tree as Doc, '_id', true);
  return { tree, withId };
}

/**
 * What MongoDB returns of `value` for the subtree: sub-documents keep the included fields in their
 * own order (an embedded document without them stays as `{}`), arrays are projected element by
 * element with their non-documents dropped, and a scalar under a dotted path disappears.
 */
function includeValue(value: unknown, tree: InclusionTree): unknown {
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const element of value) {
      if (Array.isArray(element) || isPlainObject(element)) out.push(includeValue(element, tree));
    }
    return out;
  }
  if (!isPlainObject(value)) return undefined;
  const out: Doc = {};
  for (const key of Object.keys(value)) {
    if (!Object.hasOwn(tree, key)) continue;
    const sub = tree[key] as InclusionTree | true;
    const included = sub === true ? cloneDocument(value[key]) : includeValue(value[key], sub);
    if (included !== undefined) defineField(out, key, included);
  }
  return out;
}

export function includeFields(doc: Doc, tree: InclusionTree): Doc {
  return includeValue(doc, tree) as Doc;
}
