/**
 * `reqtrace.yaml`: optional workspace configuration. Loading never throws;
 * every problem becomes an `invalid-config` problem at its exact place.
 */
import { isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import { DIALECTS, dialectNames } from '../dialects/index';
import { createIdMatcher, DEFAULT_ID_PATTERN } from '../idPattern';
import { LineIndex } from '../lineIndex';
import { checkGlobSafety, checkPatternSafety, type PatternChecker } from './regexSafety';
import { DIAGNOSTIC_CODES, type DiagnosticCode, type FileProblem, type Range, type ReqtraceConfig, type SeverityOverride } from '../types';

export const CONFIG_FILE = 'reqtrace.yaml';

export const DEFAULT_TEST_GLOBS = [
  '**/*.test.*',
  '**/*.spec.*',
  '**/test/**',
  '**/tests/**',
  '**/__tests__/**',
  '**/*_test.*',
  '**/test_*.py',
];

export function defaultConfig(): ReqtraceConfig {
  return {
    exclude: [],
    tests: [...DEFAULT_TEST_GLOBS],
    idPattern: DEFAULT_ID_PATTERN,
    needs: ['impl', 'test'],
    severity: {},
    maxFileSize: 5 * 1024 * 1024,
    dialects: [],
    release: {},
  };
}

export interface LoadedConfig {
  config: ReqtraceConfig;
  problems: FileProblem[];
}

const KNOWN_KEYS = ['specs', 'sources', 'exclude', 'tests', 'idPattern', 'needs', 'severity', 'maxFileSize', 'dialects', 'release'];

/**
 * Parses the text of a `reqtrace.yaml`. Invalid parts fall back to defaults and are reported.
 * `checkPattern`: the ReDoS checker a custom `idPattern` must pass; without one it is rejected.
 */
export function parseConfig(text: string, checkPattern?: PatternChecker): LoadedConfig {
  const config = defaultConfig();
  const problems: FileProblem[] = [];
  // The `yaml` package only breaks lines at `\n`; a lone `\r` becomes `\n`,
  // which keeps every offset. Positions come from a LineIndex, which clamps
  // them to the text (yaml reports some errors one past the end).
  const src = text.replace(/\r(?!\n)/g, '\n');
  const lines = new LineIndex(src);
  const at = (node: YamlNode | null | undefined): Range => rangeOfNode(lines, node);
  const problem = (message: string, range: Range) =>
    problems.push({ code: 'invalid-config', severity: 'error', message, range });

  let doc;
  try {
    doc = parseDocument(src, { prettyErrors: false });
  } catch (e) {
    problem(`cannot parse ${CONFIG_FILE}: ${(e as Error).message}`, zeroRange());
    return { config, problems };
  }
  for (const err of doc.errors) {
    problem(`YAML syntax error: ${firstLine(err.message)}`, lines.rangeOf(err.pos[0], err.pos[1]));
  }
  if (doc.errors.length > 0) return { config, problems };
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return { config, problems };
  if (!isMap(root)) {
    problem(`${CONFIG_FILE} must be a mapping of settings`, at(root));
    return { config, problems };
  }

  const stringList = (key: string, node: YamlNode | null): string[] | undefined => {
    if (isScalar(node) && typeof node.value === 'string') {
      // Like a list entry: an empty glob would make the matcher throw, an empty kind could never be covered.
      if (node.value.trim() !== '') return [node.value.trim()];
      problem(`'${key}' must be a non-empty string or a list of them`, at(node));
      return undefined;
    }
    if (!isSeq(node)) {
      problem(`'${key}' must be a list of strings`, at(node));
      return undefined;
    }
    const out: string[] = [];
    for (const item of node.items) {
      if (isScalar(item) && typeof item.value === 'string' && item.value.trim() !== '') out.push(item.value.trim());
      else problem(`'${key}' entries must be non-empty strings`, at(item as YamlNode));
    }
    return out;
  };

  /** A list of globs; a glob that could match too slowly is reported and left out. */
  const globList = (key: string, node: YamlNode | null): string[] | undefined => {
    const list = stringList(key, node);
    if (!list) return undefined;
    const items = isSeq(node) ? node.items : [node];
    return list.filter((glob) => {
      const unsafe = checkGlobSafety(glob);
      if (unsafe) problem(`'${key}' entry '${glob}' rejected: ${unsafe}`, at((items.find((i) => isScalar(i) && String(i.value).trim() === glob) ?? node) as YamlNode));
      return !unsafe;
    });
  };

  for (const pair of root.items) {
    const keyNode = pair.key as YamlNode | null;
    const key = isScalar(keyNode) ? String(keyNode.value) : '';
    const value = pair.value as YamlNode | null;
    switch (key) {
      case 'specs':
      case 'sources': {
        const list = globList(key, value);
        if (list) config[key] = list;
        break;
      }
      case 'exclude':
      case 'tests': {
        const list = globList(key, value);
        if (list) config[key] = list;
        break;
      }
      case 'needs': {
        const list = stringList(key, value);
        if (list) {
          config.needs = list.map((s) => s.toLowerCase());
          config.needsConfigured = true;
        }
        break;
      }
      case 'idPattern': {
        if (!isScalar(value) || typeof value.value !== 'string' || value.value === '') {
          problem(`'idPattern' must be a regular expression string`, at(value));
          break;
        }
        const pattern = value.value;
        const unsafe = checkPatternSafety(pattern, checkPattern);
        if (unsafe) {
          problem(`'idPattern' rejected: ${unsafe}`, at(value));
          break;
        }
        try {
          const m = createIdMatcher(pattern);
          if (m.isId('')) {
            problem(`'idPattern' must not match the empty string`, at(value));
            break;
          }
          config.idPattern = pattern;
        } catch (e) {
          problem(`'idPattern' is not a valid regular expression: ${(e as Error).message}`, at(value));
        }
        break;
      }
      case 'severity': {
        if (!isMap(value)) {
          problem(`'severity' must map diagnostic codes to error, warning, info or off`, at(value));
          break;
        }
        for (const sp of value.items) {
          const codeNode = sp.key as YamlNode | null;
          const code = isScalar(codeNode) ? String(codeNode.value) : '';
          const sevNode = sp.value as YamlNode | null;
          const sev = isScalar(sevNode) ? String(sevNode.value).toLowerCase() : '';
          if (!(DIAGNOSTIC_CODES as readonly string[]).includes(code)) {
            problem(`unknown diagnostic code '${code}' (known: ${DIAGNOSTIC_CODES.join(', ')})`, at(codeNode));
          } else if (!['error', 'warning', 'info', 'off'].includes(sev)) {
            problem(`severity of '${code}' must be error, warning, info or off`, at(sevNode));
          } else {
            config.severity[code as DiagnosticCode] = sev as SeverityOverride;
          }
        }
        break;
      }
      case 'dialects': {
        const list = stringList(key, value);
        if (!list) break;
        const known = dialectNames();
        const items = isSeq(value) ? value.items : [value];
        list.forEach((name, i) => {
          if (DIALECTS.has(name)) config.dialects.push(name);
          else problem(`unknown dialect '${name}' (known: ${known.join(', ') || 'none'})`, at(items[i] as YamlNode));
        });
        break;
      }
      case 'release': {
        if (!isMap(value)) {
          problem(`'release' must map dialects to the field that holds a requirement's release, such as 'doorstop: target_release'`, at(value));
          break;
        }
        for (const rp of value.items) {
          const nameNode = rp.key as YamlNode | null;
          const name = isScalar(nameNode) ? String(nameNode.value) : '';
          const fieldNode = rp.value as YamlNode | null;
          const dialect = DIALECTS.get(name);
          const mappable = dialectNames().filter((n) => DIALECTS.get(n)?.releaseField);
          if (!dialect) {
            problem(`'release': unknown dialect '${name}' (known: ${mappable.join(', ')})`, at(nameNode));
          } else if (!dialect.releaseField) {
            problem(`'release': ${name} items have no field that could hold a release (a mapping is possible for ${mappable.join(', ')})`, at(nameNode));
          } else if (!isScalar(fieldNode) || typeof fieldNode.value !== 'string' || fieldNode.value.trim() === '') {
            problem(`'release' of ${name} must name ${dialect.releaseField.what}`, at(fieldNode ?? nameNode));
          } else {
            const field = fieldNode.value.trim();
            const why = dialect.releaseField.check(field);
            if (why) problem(`'release' of ${name}: '${field}' cannot hold the release: ${why}`, at(fieldNode));
            else config.release[name] = field;
          }
        }
        break;
      }
      case 'maxFileSize': {
        if (isScalar(value) && typeof value.value === 'number' && Number.isInteger(value.value) && value.value > 0) {
          config.maxFileSize = value.value;
        } else {
          problem(`'maxFileSize' must be a positive integer (bytes)`, at(value));
        }
        break;
      }
      default:
        problem(`unknown setting '${key}' (known: ${KNOWN_KEYS.join(', ')})`, at(keyNode));
    }
  }
  return { config, problems };
}

function firstLine(s: string): string {
  return s.split(/\r?\n/)[0];
}

function zeroRange(): Range {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

function rangeOfNode(lines: LineIndex, node: YamlNode | null | undefined): Range {
  const r = node?.range;
  if (!r) return zeroRange();
  return lines.rangeOf(r[0], r[1]);
}
