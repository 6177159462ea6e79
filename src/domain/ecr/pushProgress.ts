/**
 * The Docker Engine's push progress stream, one JSON object per line. The HTTP status is 200 even when the push
 * fails: the failure is an `error` / `errorDetail` line, so the stream itself must be read to know the outcome.
 */
export interface PushStreamEvent {
  status?: string;
  id?: string;
  progress?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string; code?: number };
  aux?: { Tag?: string; Digest?: string; Size?: number };
}

export type LayerState = 'preparing' | 'waiting' | 'pushing' | 'pushed' | 'exists' | 'mounted' | 'retrying';

export interface LayerProgress { id: string; state: LayerState; current?: number; total?: number; mountedFrom?: string }

export interface PushOutcome {
  digest?: string;
  /** manifest size in bytes, as the engine reports it */
  size?: number;
  /** layers uploaded by this push */
  pushed: string[];
  /** layers the registry already had in this repository ("Layer already exists") */
  skipped: string[];
  /** layers mounted from another repository of the same registry (not uploaded) */
  mounted: string[];
  /** the registry's or engine's message when the push failed */
  error?: string;
}

const LAYER_ID_RE = /^[a-f0-9]{12,64}$/;

/** Follows a push stream event by event; `outcome()` says what happened to each layer and how it ended. */
export class PushProgressTracker {
  private readonly layers = new Map<string, LayerProgress>();
  private digest?: string;
  private size?: number;
  private error?: string;

  /** Takes one event; returns the layer it changed, if any. */
  accept(ev: PushStreamEvent): LayerProgress | undefined {
    if (ev.error || ev.errorDetail) {
      this.error ??= (ev.errorDetail?.message || ev.error || 'the push failed').trim();
      return undefined;
    }
    if (ev.aux?.Digest) { this.digest = ev.aux.Digest; this.size = ev.aux.Size; return undefined; }
    const status = ev.status ?? '';
    // "1.0: digest: sha256:… size: 528" (older engines send no aux line)
    const fin = /digest: (sha256:[a-f0-9]{64}) size: (\d+)/.exec(status);
    if (fin) { this.digest ??= fin[1]; this.size ??= Number(fin[2]); return undefined; }
    if (!ev.id || !LAYER_ID_RE.test(ev.id)) return undefined;
    const state = layerState(status);
    if (!state) return undefined;
    const prev = this.layers.get(ev.id);
    const next: LayerProgress = { id: ev.id, state };
    if (state === 'pushing') { next.current = ev.progressDetail?.current; next.total = ev.progressDetail?.total; }
    if (state === 'mounted') next.mountedFrom = status.replace(/^Mounted from\s*/, '');
    // a final state is never overwritten by a late progress line
    if (prev && isFinal(prev.state) && !isFinal(state)) return undefined;
    this.layers.set(ev.id, next);
    return next;
  }

  outcome(): PushOutcome {
    const by = (s: LayerState) => [...this.layers.values()].filter((l) => l.state === s).map((l) => l.id);
    const out: PushOutcome = { pushed: by('pushed'), skipped: by('exists'), mounted: by('mounted') };
    if (this.digest) out.digest = this.digest;
    if (this.size !== undefined) out.size = this.size;
    if (this.error) out.error = this.error;
    else if (!this.digest) out.error = 'the engine ended the push without reporting a digest';
    return out;
  }
}

function layerState(status: string): LayerState | undefined {
  if (status === 'Preparing') return 'preparing';
  if (status === 'Waiting') return 'waiting';
  if (status === 'Pushing') return 'pushing';
  if (status === 'Pushed') return 'pushed';
  if (status === 'Layer already exists') return 'exists';
  if (status.startsWith('Mounted from')) return 'mounted';
  if (status.startsWith('Retrying')) return 'retrying';
  return undefined;
}

function isFinal(s: LayerState): boolean {
  return s === 'pushed' || s === 'exists' || s === 'mounted';
}

/** One short line for a layer change, for logs and the CLI ("a1b2c3d4e5f6: pushing 1.2/3.4 MB"). */
export function describeLayer(l: LayerProgress): string {
  const mb = (n: number) => (n / 1e6).toFixed(1);
  if (l.state === 'pushing' && l.total) return `${l.id}: pushing ${mb(l.current ?? 0)}/${mb(l.total)} MB`;
  if (l.state === 'exists') return `${l.id}: already in the repository (skipped)`;
  if (l.state === 'mounted') return `${l.id}: mounted from ${l.mountedFrom ?? 'another repository'}`;
  return `${l.id}: ${l.state}`;
}

/** One line for a progress notification: layers done of layers seen, then what the latest layer does. */
export function summarizeLayers(layers: Iterable<LayerProgress>, latest: LayerProgress): string {
  const all = [...layers];
  const done = all.filter((l) => isFinal(l.state)).length;
  return `${done}/${all.length} layers · ${describeLayer(latest)}`;
}
