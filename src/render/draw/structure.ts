/**
 * The drawing stage's structure tree (tagged PDF): every operation is drawn
 * inside the structure element its path names, in reading order, or as an
 * artifact when it is decoration. A screen reader then reads the biodata
 * as label and value, the photo as "Pas foto", and skips the rules.
 */
import type { StructPath } from '../layout/page.js';

type Struct = PDFKit.PDFStructureElement;

export class StructureWriter {
  readonly #doc: PDFKit.PDFDocument;
  readonly #root: Struct;
  readonly #nodes = new Map<string, Struct>();

  constructor(doc: PDFKit.PDFDocument) {
    this.#doc = doc;
    this.#root = doc.struct('Document');
    doc.addStructure(this.#root);
  }

  /** Draws with `paint` inside the structure element `path` names (an artifact when it is empty). */
  draw(path: StructPath, paint: () => void): void {
    if (!path.length) {
      this.#doc.markContent('Artifact');
      paint();
      this.#doc.endMarkedContent();
      return;
    }
    this.#node(path).add(paint);
  }

  /** Makes the element now, so that content drawn later (the photo, the seal) keeps its place in reading order. */
  reserve(path: StructPath): void {
    if (path.length) this.#node(path);
  }

  #node(path: StructPath): Struct {
    let parent = this.#root;
    let key = '';
    for (const step of path) {
      key += `/${step.role}:${step.key}`;
      let node = this.#nodes.get(key);
      if (!node) {
        const options = {
          ...(step.alt ? { alt: step.alt } : {}),
          ...(step.role === 'TH' ? { scope: 'Row' } : {}),
        };
        // pdfkit takes `scope` (a header cell's Table attribute); its types do not list it.
        node = this.#doc.struct(step.role, options as PDFKit.Mixins.StructureElementOptions);
        parent.add(node);
        this.#nodes.set(key, node);
      }
      parent = node;
    }
    return parent;
  }
}
