import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import type { FilledDocument, Segment } from '../../engine/index.js';

/** a blank to write by hand: a wide underlined gap, its label small beneath the line's meaning */
const BLANK = '\u3000'.repeat(8);

function runs(segments: Segment[]): TextRun[] {
  return segments.map((s) =>
    'text' in s ? new TextRun({ text: s.text }) : 'value' in s ? new TextRun({ text: s.value, bold: true }) : new TextRun({ text: BLANK, underline: {} }),
  );
}

/**
 * One filled document as a Word file (the `docx` library writes valid OOXML, which Word, WPS and
 * LibreOffice open; writing the zip and XML by hand would be ours to keep valid). Values in bold, blanks
 * as underlined gaps to write by hand.
 */
export async function documentDocx(d: FilledDocument): Promise<Buffer> {
  const doc = new Document({
    creator: '一件事一次办 导办助手',
    title: d.title,
    styles: { default: { document: { run: { font: 'SimSun', size: 24 } } } },
    sections: [
      {
        children: [
          new Paragraph({ heading: HeadingLevel.HEADING_1, alignment: AlignmentType.CENTER, children: [new TextRun({ text: d.title })] }),
          ...d.paragraphs.map((p) => new Paragraph({ spacing: { after: 160 }, children: runs(p) })),
          new Paragraph({ children: [] }),
          ...d.sign.map((p) => new Paragraph({ spacing: { before: 240 }, alignment: AlignmentType.RIGHT, children: runs(p) })),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
