// Top level: reads the scenario from the address bar and shows the playground, a loading
// line, or the broken-link screen.
import { useEffect } from 'react';
import { hashWriter, openFromHash } from './actions';
import { useApp } from './store';
import { useRenderedCommits } from './use-live';
import { ClassroomLayer, ClassroomTools } from './views/teaching/ClassroomTools';
import { ErrorScreen } from './views/shell/ErrorScreen';
import { Playground } from './views/shell/Playground';
import { SkipLinks } from './views/shell/SkipLinks';

export function App() {
  // Whether there is a scenario, not which: an edit re-renders the views that read it, not the whole page.
  const scenario = useApp((s) => s.scenario !== null);
  const linkErrors = useApp((s) => s.linkErrors);
  // Presentation and embed modes use the whole window.
  const bare = useApp((s) => (s.present || s.embed) && s.scenario !== null && !s.linkErrors);

  useEffect(() => {
    void openFromHash();
    // Back, Forward, a typed or pasted link: anything the app did not write itself is opened
    // (both events fire for one Back; the second finds the hash already open).
    const onNavigate = () => {
      if (hashWriter.isForeign(location.hash)) void openFromHash();
    };
    // A pending debounced write must reach the address bar before the page goes away.
    const onHide = () => hashWriter.flush();
    window.addEventListener('hashchange', onNavigate);
    window.addEventListener('popstate', onNavigate);
    window.addEventListener('pagehide', onHide);
    return () => {
      window.removeEventListener('hashchange', onNavigate);
      window.removeEventListener('popstate', onNavigate);
      window.removeEventListener('pagehide', onHide);
    };
  }, []);

  return (
    <>
      {!bare && scenario && !linkErrors && <SkipLinks />}
      {!bare && <header className="app-header">
        <h1>CXL Playground</h1>
        {/* One line on the first screen; how to read the page is one click away. */}
        <p className="tagline">Memory pages in local <strong>DRAM</strong> and slower, larger <strong>CXL</strong> memory: press <strong>Play</strong> and watch them move.</p>
        <details className="about">
          <summary>How to read the page</summary>
          <p>
            Linux groups the memory devices into memory tiers, and each host&apos;s fast tier is the best one it reaches (the
            Memory tiers panel shows this scenario&apos;s). The topology shows how full (bar) and how busy (outline) each device
            is, the heatmap shows which pages are hot over time and where they live, and the chart tracks the average memory
            access time (AMAT) and throughput. Every change is kept in the page&apos;s link.
          </p>
        </details>
        <ClassroomTools />
      </header>}
      {linkErrors ? (
        <ErrorScreen errors={linkErrors} />
      ) : scenario ? (
        <Playground />
      ) : (
        <main className="loading"><p role="status">Loading the scenario…</p></main>
      )}
      <ClassroomLayer />
      <CommitProbe />
    </>
  );
}

/** A leaf of its own: its render on every commit re-renders nothing else. */
function CommitProbe() {
  useRenderedCommits();
  return null;
}
