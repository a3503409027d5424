import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { tempDir } from './drops.js';
import { rmSync } from 'node:fs';

/** Lines clack draws: ◆ the active prompt, ▲ a prompt showing a validation error, ◇ a finished one. */
const ACTIVE = /^[◆▲] {2}(.*)$/m;
const doneCount = (screen: string) => screen.split('\n').filter((l) => l.startsWith('◇')).length;

/**
 * The CLI in a real pseudo-terminal: a private tmux server (its socket in a temporary folder that
 * is removed on close), keys sent with send-keys, the screen read with capture-pane.
 */
export class Terminal {
  private readonly sockDir = tempDir('idgraph-tmux-');
  private readonly env = { ...process.env, TMUX_TMPDIR: this.sockDir, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };

  constructor(args: string[], cwd: string) {
    const cli = [process.execPath, join(PACKAGE_ROOT, 'bin', 'idgraph.js'), ...args].map((a) => `'${a}'`).join(' ');
    // The exit code is printed, then the pane stays open so the last screen can be read.
    this.tmux(
      'new-session',
      '-d',
      '-s',
      't',
      '-x',
      '160',
      '-y',
      '50',
      '-c',
      cwd,
      `${cli}; echo "__EXIT=$?"; sleep 600`,
    );
    this.tmux('set-option', '-t', 't', 'history-limit', '20000');
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-u', '-L', 'idgraph', ...args], { env: this.env, encoding: 'utf8' });
  }

  /** Everything printed so far, scrollback included. */
  screen(): string {
    return this.tmux('capture-pane', '-p', '-J', '-S', '-', '-E', '-', '-t', 't');
  }

  keys(...keys: string[]): void {
    this.tmux('send-keys', '-t', 't', ...keys);
  }

  type(text: string): void {
    this.tmux('send-keys', '-t', 't', '-l', text);
  }

  /** Polls the screen until `ok` holds; fails with the screen after `limitMs` (a guard, not a timing assertion). */
  async waitFor(ok: (screen: string) => boolean, what: string, limitMs = 120_000): Promise<string> {
    const until = Date.now() + limitMs;
    for (;;) {
      const s = this.screen();
      if (ok(s)) return s;
      if (Date.now() > until) throw new Error(`terminal never showed ${what}; screen:\n${s}`);
      await new Promise((r) => setTimeout(r, 150));
    }
  }

  /** Waits for the prompt `label` to be active, sends the keys, and waits until it is answered. */
  async answer(label: string, ...keys: string[]): Promise<void> {
    const s = await this.waitFor(
      (x) => ACTIVE.exec(lastActive(x))?.[1].startsWith(label) ?? false,
      `prompt "${label}"`,
    );
    const done = doneCount(s);
    for (const k of keys)
      if (k.startsWith('=')) this.type(k.slice(1));
      else this.keys(k);
    await this.waitFor((x) => doneCount(x) > done, `"${label}" answered`);
  }

  async exitCode(): Promise<number> {
    const s = await this.waitFor((x) => /__EXIT=\d+/.test(x), 'the command exiting');
    return Number(/__EXIT=(\d+)/.exec(s)![1]);
  }

  close(): void {
    try {
      this.tmux('kill-server');
    } catch {
      // already gone
    }
    rmSync(this.sockDir, { recursive: true, force: true });
  }
}

/** The last active/error prompt line on screen (earlier ones have become ◇ lines). */
function lastActive(screen: string): string {
  const lines = screen.split('\n').filter((l) => /^[◆▲] {2}/.test(l));
  return lines[lines.length - 1] ?? '';
}
