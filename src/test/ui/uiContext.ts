/**
 * The part of the harness's UI context (.ci/e2e/harness.js, see .ci/e2e/README.md) the UI checks use, typed once.
 * Playwright objects are described structurally: the checks run in the harness's process with its playwright-core.
 */
export interface Locator {
  waitFor(o?: { state?: string; timeout?: number }): Promise<void>;
  click(): Promise<void>;
  fill(v: string): Promise<void>;
  press(key: string): Promise<void>;
  textContent(): Promise<string | null>;
  count(): Promise<number>;
  evaluate<R>(fn: (e: Element) => R): Promise<R>;
  first(): Locator;
  nth(i: number): Locator;
  locator(sel: string, o?: { hasText?: string | RegExp }): Locator;
}

export interface Frame { locator(sel: string, o?: { hasText?: string | RegExp }): Locator }

export interface UiContext {
  page: { locator(sel: string, o?: { hasText?: string | RegExp }): Locator; keyboard: { press(key: string): Promise<void> }; evaluate(fn: () => void): Promise<void> };
  env: Record<string, string>;
  workspace: string;
  test(name: string, fn: () => Promise<void>, o?: { timeout?: number }): void;
  palette(title: string): Promise<void>;
  toast(text: string, o?: { timeout?: number }): Promise<Locator>;
  activityContainer(label: string): Promise<Locator>;
  sidebarRow(text: string, o?: { timeout?: number }): Promise<Locator>;
  webviewFrame(o?: { index?: number; timeout?: number }): Promise<Frame>;
  screenshot(name: string): Promise<string>;
  waitFor(pred: () => Promise<boolean>, ms: number, what: string): Promise<void>;
  log(...a: unknown[]): void;
  consoleErrors: Array<{ kind: string; frame: string; text: string }>;
}
