// The lesson of the preset on screen (public/presets/index.json): the question it answers,
// what it shows, what to watch, and one "try this" change applied with a button. Visible on
// the page, never a tooltip; "Hide" folds it to its question line (remembered).
import { useEffect, useId, useState, type ReactNode } from 'react';
import { applyScenario, openPreset, setCompare } from '../../actions';
import { splitAll } from '../../glossary';
import { applyTry } from '../../lessons';
import { PREF, readPref, writePref } from '../../prefs';
import { DEFAULT_PRESET, fetchPresetIndex, fetchPresetScenarioNames, type PresetEntry } from '../../presets';
import type { NumberedLesson } from '../../lessons';
import { simKey } from '../../scenario-edit';
import { useApp } from '../../store';
import { Segments } from './Term';
import { openDiscovery } from '../fabric/Discovery';

/** The preset list (lesson order), or [] until it has loaded. */
export function usePresetIndex(): PresetEntry[] {
  const [list, setList] = useState<PresetEntry[]>([]);
  useEffect(() => {
    let alive = true;
    fetchPresetIndex().then((l) => { if (alive) setList(l); }, () => {});
    return () => { alive = false; };
  }, []);
  return list;
}

/**
 * The preset the scenario on screen comes from: the one picked, or for a scenario opened from a
 * link (shared, or the page reloaded) the preset whose scenario has its name.
 */
function usePresetOfScenario(scenarioName: string): string | null {
  const picked = useApp((s) => s.presetName);
  const [named, setNamed] = useState<Map<string, string> | null>(null);
  useEffect(() => {
    if (picked !== null || named) return;
    let alive = true;
    fetchPresetScenarioNames().then((m) => { if (alive) setNamed(m); }, () => {});
    return () => { alive = false; };
  }, [picked, named]);
  return picked ?? named?.get(scenarioName) ?? null;
}

/** The lesson of the scenario on screen (its preset's), with the lessons before and after it; null for a scenario of no lesson. */
export function useLessonOnScreen(): { entry: PresetEntry & { lesson: NumberedLesson }; prev?: PresetEntry; next?: PresetEntry } | null {
  // The scenario's name only: an edit that keeps it does not re-render the page around the card.
  const name = useApp((s) => s.scenario?.name);
  const presetName = usePresetOfScenario(name ?? '');
  const presets = usePresetIndex();
  const lessons = presets.filter((p) => p.lesson);
  const at = lessons.findIndex((p) => p.name === presetName);
  const entry = lessons[at];
  if (name === undefined || !entry?.lesson) return null;
  return { entry: entry as PresetEntry & { lesson: NumberedLesson }, prev: lessons[at - 1], next: lessons[at + 1] };
}

type LessonOnScreen = NonNullable<ReturnType<typeof useLessonOnScreen>>;

/**
 * The card, and beside it the views its "what to watch" names (children), so that what it
 * points at is on screen without scrolling; folded, the card is one line above them.
 */
export function LessonCard({ onScreen, children }: { onScreen: LessonOnScreen; children?: ReactNode }) {
  const busy = useApp((s) => s.loading || s.meta === null);
  const [folded, setFolded] = useState(() => readPref(PREF.lessonCard) === 'folded');
  const titleId = useId();
  const bodyId = useId();
  const { entry, prev, next } = onScreen;
  const lesson = entry.lesson;
  const first = usePresetIndex().find((p) => p.lesson);
  const fold = (f: boolean) => {
    setFolded(f);
    writePref(PREF.lessonCard, f ? 'folded' : 'open');
  };
  // Each glossary term is linked once in the card: at its first mention.
  const [shows, watch, discoveryWatch] = splitAll([lesson.shows, lesson.watch, lesson.discovery?.watch ?? '']);

  return (
    <div className={`lesson-stage${folded ? ' folded' : ''}`}>
      <section className={`card lesson-card${folded ? ' folded' : ''}`} aria-labelledby={titleId} data-lesson={lesson.number}>
        <div className="lesson-head">
          <p className="lesson-number">Lesson {lesson.number} of {lesson.of} <span className="muted">· preset <code>{entry.name}</code></span></p>
          {entry.name === DEFAULT_PRESET.name && prev && first && (
            // The first screen opens mid-course on purpose: say why, and where the beginning is.
            <p className="lesson-why" data-part="why">
              The page opens at this lesson because a policy visibly fixes a problem within seconds of Play.{' '}
              <button type="button" className="link-button" onClick={() => void openPreset(first)} disabled={busy}>
                Start at lesson {first.lesson!.number}
              </button>{' '}for the basics first.
            </p>
          )}
          <h2 id={titleId}>{lesson.question}</h2>
          <div className="lesson-nav">
            {prev && (
              <button type="button" className="small" onClick={() => void openPreset(prev)} disabled={busy} title={prev.lesson!.question}>
                ‹ Lesson {prev.lesson!.number}
              </button>
            )}
            {next && (
              <button type="button" className="small" onClick={() => void openPreset(next)} disabled={busy} title={next.lesson!.question}>
                Lesson {next.lesson!.number} ›
              </button>
            )}
            <button type="button" className="small" aria-expanded={!folded} aria-controls={bodyId} onClick={() => fold(!folded)}>
              {folded ? 'Show lesson' : 'Hide lesson'}
            </button>
          </div>
        </div>
        <div className="lesson-body" id={bodyId} hidden={folded}>
          <div className="lesson-part" data-part="shows">
            <h3>What it shows</h3>
            <p><Segments parts={shows} /></p>
          </div>
          <div className="lesson-part" data-part="watch">
            <h3>What to watch</h3>
            <p><Segments parts={watch} /></p>
          </div>
          {lesson.discovery && (
            <div className="lesson-part" data-part="discovery">
              <h3>How Linux brings it up</h3>
              <p><Segments parts={discoveryWatch} /></p>
              <button type="button" onClick={() => openDiscovery(lesson.discovery!.per ?? 'all')}>{lesson.discovery.label}</button>
            </div>
          )}
          <div className="lesson-part lesson-try" data-part="try">
            <h3>Try this</h3>
            <LessonTry entry={entry} />
          </div>
        </div>
      </section>
      {children && <div className="lesson-views">{children}</div>}
    </div>
  );
}

/** The lesson's "try this": its button, or once applied what to look for and the way back. */
export function LessonTry({ entry, hint = true }: { entry: LessonOnScreen['entry']; hint?: boolean }) {
  const scenario = useApp((s) => s.scenario)!;
  const busy = useApp((s) => s.loading || s.meta === null);
  const compare = useApp((s) => s.compare);
  const lesson = entry.lesson;
  // "Applied" when the change is already in the scenario on screen (whoever made it).
  let tried: typeof scenario | null = null;
  try {
    tried = applyTry(scenario, lesson.tryThis.change);
  } catch {
    tried = null;
  }
  const want = lesson.tryThis.change.compare ?? null;
  const applied = tried !== null && simKey(tried) === simKey(scenario) && (want === null || compare === want);
  const tryIt = () => {
    if (!tried) useApp.setState({ editError: `Not applied: this scenario has no place for "${lesson.tryThis.label}"` });
    else if (want !== null) { if (simKey(tried) !== simKey(scenario)) void applyScenario(tried); setCompare(want); }
    else void applyScenario(tried);
  };
  const back = () => { if (want !== null) setCompare(null); void openPreset(entry); };
  const [result] = splitAll([lesson.tryThis.result]);
  return applied ? (
    <>
      <p className="lesson-result" role="status"><strong className="lesson-applied">Applied.</strong> <Segments parts={result} /></p>
      <button type="button" onClick={back} disabled={busy}>Back to the lesson&apos;s setup</button>
    </>
  ) : (
    <>
      <button type="button" className="try-button" onClick={tryIt} disabled={busy}>{lesson.tryThis.label}</button>
      {hint && <p className="hint">The run restarts with the change, and the card says what to look for.</p>}
    </>
  );
}
