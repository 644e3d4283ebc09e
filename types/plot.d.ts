/** A vega-lite specification (https://vega.github.io/vega-lite/docs/spec.html). */
export type Spec = Record<string, unknown>;
export interface Plotter {
    /** The chart as an SVG document. */
    svg(spec: Spec): Promise<string>;
}
/** A plotter, or why there is none (vega or vega-lite not installed). Loaded once. */
export declare function plotter(): Promise<Plotter | {
    missing: string;
}>;
