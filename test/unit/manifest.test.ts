/** package.json contribution points: commands, menus, views and settings agree with each other and the code. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_SETTINGS } from '../../server/src/protocol';

const ROOT = path.resolve(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const contributes = pkg.contributes;

interface CommandContribution {
  command: string;
  title: string;
  category?: string;
  icon?: string;
}

describe('extension manifest', () => {
  const commands = contributes.commands as CommandContribution[];
  const commandIds = new Set(commands.map((c) => c.command));

  it('declares every command the client registers, in the reqtrace category', () => {
    const source = fs.readdirSync(path.join(ROOT, 'client/src'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => fs.readFileSync(path.join(ROOT, 'client/src', f), 'utf8'))
      .join('\n');
    const registered = [...source.matchAll(/register\('(reqtrace\.[A-Za-z]+)'/g)].map((m) => m[1]);
    assert.ok(registered.length >= 7);
    assert.deepEqual([...registered].sort(), [...commandIds].sort());
    for (const c of commands) assert.equal(c.category, 'reqtrace', c.command);
  });

  it('only puts declared commands with icons in the view title', () => {
    const viewTitle = contributes.menus['view/title'] as Array<{ command: string; when: string }>;
    for (const item of viewTitle) {
      assert.ok(commandIds.has(item.command), item.command);
      assert.ok(commands.find((c) => c.command === item.command)?.icon, `${item.command} has an icon`);
      assert.match(item.when, /view == reqtrace\.requirements/);
    }
  });

  it('contributes the Requirements view to the explorer', () => {
    assert.deepEqual(
      contributes.views.explorer.map((v: { id: string; name: string }) => [v.id, v.name]),
      [['reqtrace.requirements', 'Requirements']],
    );
  });

  it('declares a setting for every field of ReqtraceSettings, with the same default', () => {
    const properties = contributes.configuration.properties as Record<string, { default: unknown; markdownDescription?: string }>;
    for (const [key, value] of Object.entries(DEFAULT_SETTINGS)) {
      const property = properties[`reqtrace.${key}`];
      assert.ok(property, `reqtrace.${key} is declared`);
      assert.equal(property.default, value, `default of reqtrace.${key}`);
    }
    for (const [key, property] of Object.entries(properties)) assert.ok(property.markdownDescription, `${key} is described`);
    assert.deepEqual((properties['reqtrace.trace.server'] as { enum?: string[] }).enum, ['off', 'messages', 'verbose']);
  });

  it('activates on reqtrace.yaml', () => {
    assert.ok(pkg.activationEvents.includes('workspaceContains:reqtrace.yaml'));
  });

  it('ships only the bundles, grammars and documents', () => {
    const lines = fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').split('\n').map((l) => l.trim());
    assert.ok(lines.includes('**'));
    for (const shipped of ['!client/dist/extension.js', '!server/dist/server.js', '!server/dist/cli.js', '!syntaxes/**']) {
      assert.ok(lines.includes(shipped), shipped);
    }
  });
});
