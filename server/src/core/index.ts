/**
 * The core's public surface: what the fronts (the language server, the CLI, and the fronts still to
 * come) may use. They import the core only from here, so a file inside it can move or split
 * without touching them. Tests and the benchmark may reach deeper to test one part alone.
 */
export { DIAGNOSTIC_CODES } from './types';
export type { Diagnostic, DiagnosticCode, Range, Reference, RequirementDef, Severity } from './types';
export { idPrefix } from './idPattern';
export { LineIndex } from './lineIndex';
export { push } from './listMap';
export { errorsByRequirement } from './check/checks';
export { dialectNames } from './dialects/index';
export { Engine } from './engine/engine';
export { createEngine, decode, workerAnalyzer } from './engine/createEngine';
export type { EntryReuse } from './engine/engine';
export { completions, coverageLabel, definitionLocations, hoverMarkdown, implementationLocations, rankRequirements, referenceLocations, renameEdits, renameProblem, searchRequirements, targetAt } from './engine/queries';
export type { Location, Target } from './engine/queries';
export { buildReport, toReportDiagnostic, toReportRequirement } from './engine/report';
export { compareGroupKeys, coveragePercent, GROUP_BY, groupKeys, groupRequirements } from './engine/reportGroups';
export type { GroupableRequirement, GroupBy, ReportGroup } from './engine/reportGroups';
export { hierarchyParents, RequirementHierarchy, rollupOf } from './engine/hierarchy';
export type { Rollup, RollupGraph } from './engine/hierarchy';
export { definitionsInGroup, groupableOf, groupDefinitions } from './engine/definitionGroups';
export { DiskSync } from './engine/diskSync';
export type { DiskSyncOptions, SyncResult } from './engine/diskSync';
export type { Report, ReportDiagnostic, ReportRequirement } from './engine/report';
export { candidatesOf, toReference } from './index/fileEntry';
export type { IndexChange } from './index/indexChange';
export { runIndexWorkerIfAny } from './index/indexWorker';
export { nearestId } from './index/suggest';
export type { WorkspaceIndex } from './index/workspaceIndex';
export { lexComments } from './parse/commentLexer';
export { languageForPath } from './parse/languages';
export { CONFIG_FILE } from './workspace/config';
export { CancelledError, neverCancelled } from './workspace/host';
export type { DirEntry, FileStat, WorkspaceHost } from './workspace/host';
export type { CancellationToken, Logger } from './workspace/host';
export type { CommitInfo, FileRevision, FileSpans, HistoryHost } from './workspace/history';
export { TreeHost } from './workspace/treeHost';
export type { BlobReader, TreeFile } from './workspace/treeHost';
export { ChangeSet } from './compare/changeSet';
export type { FileChange, FileChangeStatus } from './compare/changeSet';
export { LineMap } from './compare/lineMap';
export type { Hunk, MappedLine } from './compare/lineMap';
export { matchProblems, messageKey } from './compare/problemMatch';
export type { MatchOptions, ProblemMatch } from './compare/problemMatch';
export { CHANGE_FIELDS, normalizedText, SUSPECT_FIELDS } from './compare/requirementChanges';
export type { ChangeField, RequirementChange, RequirementSide } from './compare/requirementChanges';
export { coverageTotals, diffJson, diffRevisions, findSuspects } from './compare/revisionDiff';
export type { CoverageTotals, DiffJson, DiffReference, DiffSuspect, RevisionDiff } from './compare/revisionDiff';
export { coverageHistory, everyPeriod } from './compare/coverageHistory';
export type { HistoryCommit, HistoryJson, HistoryOptions, HistoryPeriod, HistoryPoint, HistorySource, HistoryStats, ReleaseCoverage, TreeChange } from './compare/coverageHistory';
export { NodeHost } from './workspace/nodeHost';
export { SuspectFinder, suspectDiagnostics, describeChange, type Suspect } from './compare/suspects';
export { suspectHoverMarkdown, wordDiffMarkdown } from './compare/suspectHover';
export type { ContentChange } from './compare/requirementHistory';
