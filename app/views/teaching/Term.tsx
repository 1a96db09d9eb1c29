// Glossary links in the page: <Term id="amat">AMAT</Term> for a word the view writes itself,
// <Glossed text={…} /> for running text (policy descriptions, lessons) whose first mention of
// each glossary term becomes a link. Either opens the glossary dialog at that entry.
import type { ReactNode } from 'react';
import { openGlossary } from '../../classroom-state';
import { glossaryEntry, splitTerms, type Segment, type TermId } from '../../glossary';

export function Term({ id, children }: { id: TermId; children?: ReactNode }) {
  const e = glossaryEntry(id)!;
  return (
    <button type="button" className="term" data-term={id} aria-haspopup="dialog" title={`Glossary: ${e.term}`} onClick={() => openGlossary(id)}>
      {children ?? e.term}
    </button>
  );
}

/** Running text with the first mention of each glossary term linked; terms in `skip` stay plain (e.g. the entry the text defines). */
export function Glossed({ text, skip }: { text: string; skip?: ReadonlySet<string> }) {
  return <Segments parts={splitTerms(text, skip)} />;
}

/** Text already split into plain strings and terms (splitAll links a term once over several paragraphs). */
export function Segments({ parts }: { parts: readonly Segment[] }) {
  return <>{parts.map((p, i) => (typeof p === 'string' ? p : <Term key={i} id={p.id}>{p.text}</Term>))}</>;
}
