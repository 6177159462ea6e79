import * as assert from 'node:assert/strict';
import { PushProgressTracker, describeLayer, summarizeLayers, type PushStreamEvent } from './pushProgress';

const D = `sha256:${'b'.repeat(64)}`;
const run = (events: PushStreamEvent[]) => {
  const t = new PushProgressTracker();
  const changes = events.map((e) => t.accept(e)).filter((c) => c !== undefined);
  return { out: t.outcome(), changes };
};

describe('push progress stream', () => {
  it('reports pushed, skipped and mounted layers and the digest', () => {
    const { out, changes } = run([
      { status: 'The push refers to repository [127.0.0.1:5000/rake-app]' },
      { status: 'Preparing', id: 'aaaaaaaaaaaa' }, { status: 'Preparing', id: 'bbbbbbbbbbbb' }, { status: 'Preparing', id: 'cccccccccccc' },
      { status: 'Pushing', id: 'aaaaaaaaaaaa', progressDetail: { current: 1_200_000, total: 3_400_000 } },
      { status: 'Pushed', id: 'aaaaaaaaaaaa' },
      { status: 'Layer already exists', id: 'bbbbbbbbbbbb' },
      { status: 'Mounted from library/base', id: 'cccccccccccc' },
      // a late progress line does not undo a final state
      { status: 'Pushing', id: 'aaaaaaaaaaaa', progressDetail: { current: 2048, total: 2048 } },
      { status: `1.1.0: digest: ${D} size: 943` },
      { progressDetail: {}, aux: { Tag: '1.1.0', Digest: D, Size: 943 } },
    ]);
    assert.deepEqual(out, { digest: D, size: 943, pushed: ['aaaaaaaaaaaa'], skipped: ['bbbbbbbbbbbb'], mounted: ['cccccccccccc'] });
    assert.equal(describeLayer(changes.find((c) => c.state === 'pushing')!), 'aaaaaaaaaaaa: pushing 1.2/3.4 MB');
    assert.equal(describeLayer(changes.find((c) => c.state === 'mounted')!), 'cccccccccccc: mounted from library/base');
  });

  it('fails on an error line inside the 200 stream, with the registry\'s message', () => {
    const { out } = run([
      { status: 'Preparing', id: 'aaaaaaaaaaaa' },
      { errorDetail: { message: 'denied: User: arn:aws:iam::999888777666:root is not authorized to perform: ecr:InitiateLayerUpload' }, error: 'denied: short' },
    ]);
    assert.match(out.error ?? '', /^denied: User: arn:aws:iam::999888777666:root is not authorized/);
    assert.equal(out.digest, undefined);
  });

  it('takes the digest from the status line when the engine sends no aux line, and fails without any', () => {
    assert.equal(run([{ status: `latest: digest: ${D} size: 528` }]).out.digest, D);
    assert.match(run([{ status: 'Preparing', id: 'aaaaaaaaaaaa' }, { status: 'Pushed', id: 'aaaaaaaaaaaa' }]).out.error ?? '', /without reporting a digest/);
  });
});

describe('summarizeLayers (push notification line)', () => {
  it('counts pushed, skipped and mounted layers as done and describes the latest', () => {
    const layers = [
      { id: 'aaaaaaaaaaaa', state: 'pushed' as const },
      { id: 'bbbbbbbbbbbb', state: 'exists' as const },
      { id: 'cccccccccccc', state: 'pushing' as const, current: 1_500_000, total: 3_000_000 },
      { id: 'dddddddddddd', state: 'waiting' as const },
    ];
    assert.equal(summarizeLayers(layers, layers[2]!), '2/4 layers · cccccccccccc: pushing 1.5/3.0 MB');
    assert.equal(summarizeLayers(layers, layers[1]!), '2/4 layers · bbbbbbbbbbbb: already in the repository (skipped)');
  });
});
