// SVG charts drawn in Node: a vega-lite spec compiled to vega and rendered
// by a headless vega View (no browser, no canvas). The demo's chart and the
// benchmark report's plots (bench/lib/plot.mjs) both come through here.
//
// vega and vega-lite are devDependencies, deliberately not dependencies (an
// optional dependency is installed too, by default): some 50 packages and
// 23 MB that an application using mptcp would download for a chart that only
// the demo draws. A checkout has them (`npm start`, `npm run bench`);
// elsewhere plotter() says what is missing and the caller goes on without.

/** A vega-lite specification (https://vega.github.io/vega-lite/docs/spec.html). */
export type Spec = Record<string, unknown>;

export interface Plotter {
  /** The chart as an SVG document. */
  svg(spec: Spec): Promise<string>;
}

/** What a plotter needs of vega and vega-lite. */
interface Vega {
  parse(spec: unknown): unknown;
  View: new (
    runtime: unknown,
    options: { renderer: 'none' },
  ) => {
    toSVG(): Promise<string>;
    finalize(): void;
  };
}
interface VegaLite {
  compile(spec: Spec): { spec: unknown };
}

// By name, not as literals: tsc then neither resolves nor checks their
// typings (which expect a DOM), and nothing loads them until a chart is drawn.
const load = (name: string): Promise<unknown> => import(name);

let loaded: Promise<Plotter | { missing: string }> | undefined;

/** A plotter, or why there is none (vega or vega-lite not installed). Loaded once. */
export function plotter(): Promise<Plotter | { missing: string }> {
  loaded ??= (async () => {
    let vega: Vega;
    let vegaLite: VegaLite;
    try {
      [vega, vegaLite] = (await Promise.all([load('vega'), load('vega-lite')])) as [Vega, VegaLite];
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code !== 'ERR_MODULE_NOT_FOUND' && e.code !== 'MODULE_NOT_FOUND') throw err;
      return { missing: 'vega and vega-lite are not installed (devDependencies of mptcp: `npm install` in a checkout brings them)' };
    }
    return {
      async svg(spec: Spec): Promise<string> {
        const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
        try {
          return await view.toSVG();
        } finally {
          view.finalize();
        }
      },
    };
  })();
  return loaded;
}
