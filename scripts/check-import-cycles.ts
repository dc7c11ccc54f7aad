/**
 * The import-cycle check of `.ci/run` (`npm run check:cycles`). Fails on:
 * - a file cycle at run time (type-only imports skipped) in server/ + shared/ or in web/src;
 * - a cycle between two server modules (server/modules/<name>), through any of their non-test files.
 * Also prints the file cycles counted with type imports, which are allowed but worth watching.
 */
import madge from 'madge';

interface Graph {
  name: string;
  paths: string[];
  tsConfig: string;
}

const graphs: Graph[] = [
  { name: 'server + shared', paths: ['server', 'shared'], tsConfig: 'tsconfig.json' },
  { name: 'web', paths: ['web/src'], tsConfig: 'web/tsconfig.json' },
];

async function fileCycles(graph: Graph, skipTypeImports: boolean) {
  const typeOption = { skipTypeImports };
  return madge(graph.paths, {
    fileExtensions: ['ts', 'tsx'],
    tsConfig: graph.tsConfig,
    detectiveOptions: { ts: typeOption, tsx: typeOption },
  });
}

const isTestFile = (file: string) => /\.test\.tsx?$|^server\/test\//.test(file);
const moduleOf = (file: string) => /^server\/modules\/([^/]+)\//.exec(file)?.[1];

/** Strongly connected sets of modules (Tarjan), each of two or more modules: a cycle between modules. */
function moduleCycles(dependencies: Record<string, string[]>): string[][] {
  const edges = new Map<string, Set<string>>();
  for (const [file, imports] of Object.entries(dependencies)) {
    const from = moduleOf(file);
    if (!from || isTestFile(file)) continue;
    for (const imported of imports) {
      const to = moduleOf(imported);
      if (to && to !== from) edges.set(from, (edges.get(from) ?? new Set()).add(to));
    }
  }
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (node: string) => {
    index.set(node, next);
    low.set(node, next++);
    stack.push(node);
    for (const target of edges.get(node) ?? []) {
      if (!index.has(target)) visit(target);
      if (stack.includes(target)) low.set(node, Math.min(low.get(node)!, low.get(target)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        component.push(member);
      } while (member !== node);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const node of edges.keys()) if (!index.has(node)) visit(node);
  return cycles;
}

let failed = false;
for (const graph of graphs) {
  const runTime = await fileCycles(graph, true);
  const withTypes = await fileCycles(graph, false);
  const runTimeCycles = runTime.circular();
  console.log(`${graph.name}: ${runTimeCycles.length} file cycles at run time, ${withTypes.circular().length} counting type imports`);
  for (const cycle of runTimeCycles) console.log(`  cycle: ${cycle.join(' > ')}`);
  if (runTimeCycles.length > 0) failed = true;
  if (graph.paths.includes('server')) {
    const cycles = moduleCycles(withTypes.obj());
    console.log(`${graph.name}: ${cycles.length} cycles between modules (type imports counted)`);
    for (const cycle of cycles) console.log(`  modules in a cycle: ${cycle.join(', ')}`);
    if (cycles.length > 0) failed = true;
  }
}
process.exitCode = failed ? 1 : 0;
