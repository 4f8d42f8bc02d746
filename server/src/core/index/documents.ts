/**
 * Documents that group items by folder (Doorstop's `.doorstop.yml`): which
 * document an item belongs to, and which documents are a document's
 * children. Kept up to date by the index as files come and go.
 */
import type { DocumentSettings } from '../types';

export interface LocatedDocument extends DocumentSettings {
  /** Workspace-relative folder of the document ('' for the root). */
  folder: string;
  /** The file that declares it. */
  file: string;
}

function folderOf(file: string): string {
  const slash = file.lastIndexOf('/');
  return slash < 0 ? '' : file.slice(0, slash);
}

export class DocumentTree {
  private readonly byFolder = new Map<string, LocatedDocument>();
  private children: Map<string, LocatedDocument[]> | undefined;

  get size(): number {
    return this.byFolder.size;
  }

  /** Records the document a file declares (undefined: none), replacing what the file declared before. */
  set(file: string, settings: DocumentSettings | undefined): void {
    const folder = folderOf(file);
    // Other files of the folder (its items) declare nothing: they leave its document alone.
    if (!settings && this.byFolder.get(folder)?.file !== file) return;
    if (settings) this.byFolder.set(folder, { ...settings, folder, file });
    else this.byFolder.delete(folder);
    this.children = undefined;
  }

  clear(): void {
    this.byFolder.clear();
    this.children = undefined;
  }

  /** The document a file belongs to: the one of its nearest folder that has one (Doorstop: sub-folders belong to it). */
  documentOf(file: string): LocatedDocument | undefined {
    if (this.byFolder.size === 0) return undefined;
    let folder = folderOf(file);
    for (;;) {
      const doc = this.byFolder.get(folder);
      if (doc) return doc;
      if (folder === '') return undefined;
      folder = folderOf(folder);
    }
  }

  /** The documents whose parent is `prefix` (compared without case, as Doorstop compares prefixes). */
  childDocuments(prefix: string): readonly LocatedDocument[] {
    if (!this.children) {
      this.children = new Map();
      for (const doc of this.byFolder.values()) {
        if (!doc.parent) continue;
        const key = doc.parent.toLowerCase();
        const list = this.children.get(key);
        if (list) list.push(doc);
        else this.children.set(key, [doc]);
      }
      for (const list of this.children.values()) list.sort((a, b) => (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0));
    }
    return this.children.get(prefix.toLowerCase()) ?? [];
  }
}
