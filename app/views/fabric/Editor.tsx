// The fabric editor around the topology picture: the Edit fabric switch, the palette (add a
// host, switch, expander, MHD, DCD; link; remove; undo, redo; a new fabric; a pod from its
// design) and the properties form of the selected node or link. The form's fields, labels,
// units, bounds and help come from the scenario schema (src/scenario/fields.ts); edits are the
// pure operations of src/scenario/fabric-edit.ts, applied by app/editor.ts.
import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { addNode, ADD_KINDS, kindOf, nameOf, newFabric, podScenario, removeNode, setField, type AddKind, type EditTarget } from '../../../src/scenario/fabric-edit';
import { formFields, ruleText, type FieldSpec } from '../../../src/scenario/fields';
import { hostSchema, linkSchema, memoryDeviceSchema, podSchema, switchSchema, type Scenario } from '../../../src/scenario/schema';
import type { PodParams } from '../../../src/topology/pod-design';
import { cancelConnect, commit, redo, setEditing, startConnect, undo, useEditor } from '../../editor';
import { useApp } from '../../store';
import { nodeActions, type ActionTarget } from './node-actions';
import { NodeMenu, type MenuAt } from './NodeMenu';

const FIELDS = {
  host: formFields(hostSchema),
  dram: formFields(memoryDeviceSchema),
  cxl: formFields(memoryDeviceSchema),
  switch: formFields(switchSchema),
  link: formFields(linkSchema),
  pod: formFields(podSchema),
} as const;

/** The Edit fabric switch (beside the topology's title). */
export function EditToggle() {
  const on = useEditor((s) => s.on);
  const embed = useApp((s) => s.embed);
  if (embed) return null;
  return (
    <button type="button" className={`small edit-toggle${on ? ' primary' : ''}`} aria-pressed={on} onClick={() => setEditing(!on)}>
      {on ? 'Done editing' : 'Edit fabric'}
    </button>
  );
}

/** Ctrl+Z / Ctrl+Shift+Z (and Ctrl+Y) while editing, unless a field has the keys. */
function useUndoKeys(on: boolean): void {
  useEffect(() => {
    if (!on) return;
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || (t.tagName === 'INPUT' && !['checkbox', 'radio', 'button'].includes((t as HTMLInputElement).type)))) return;
      const k = e.key.toLowerCase();
      if (k === 'z' && !e.shiftKey) { e.preventDefault(); void undo(); }
      else if ((k === 'z' && e.shiftKey) || k === 'y') { e.preventDefault(); void redo(); }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [on]);
}

/** The palette and the properties form, shown in edit mode. */
export function EditorPanel() {
  const on = useEditor((s) => s.on);
  useUndoKeys(on);
  if (!on) return null;
  return (
    <div className="editor" role="region" aria-label="Fabric editor">
      <Palette />
      <Properties />
    </div>
  );
}

function Palette() {
  const scenario = useApp((s) => s.scenario)!;
  const selected = useApp((s) => s.selected);
  const { canUndo, canRedo, connectFrom, status, error } = useEditor();
  const near = selected && kindOf(scenario, selected) === 'host' ? selected : undefined;
  const add = (kind: AddKind, label: string) => {
    const r = addNode(scenario, kind, near);
    void commit(r, { done: r.ok ? `Added ${nameOf(r.scenario, r.id!)}.` : undefined });
    void label;
  };
  const selKind = selected ? kindOf(scenario, selected) : null;
  return (
    <>
      <div className="palette" role="toolbar" aria-label="Add to the fabric">
        {ADD_KINDS.map((k) => (
          <button key={k.kind} type="button" className="small" title={`Add a ${k.help}`} onClick={() => add(k.kind, k.label)}>+ {k.label}</button>
        ))}
        <span className="palette-gap" aria-hidden="true" />
        {connectFrom
          ? <button type="button" className="small" onClick={cancelConnect}>Cancel linking</button>
          : (
            <button type="button" className="small" disabled={!selected || selKind === 'dram'} title={selected ? 'Link the selected node to another: pick the other end next' : 'Select a node first'} onClick={() => selected && startConnect(selected)}>
              Link selected…
            </button>
          )}
        <button type="button" className="small" disabled={!selected} title={selected ? 'Remove the selected node with its links' : 'Select a node first'}
          onClick={() => selected && void commit(removeNode(scenario, selected), { done: `Removed ${nameOf(scenario, selected)}.` })}>
          Remove selected
        </button>
        <span className="palette-gap" aria-hidden="true" />
        <button type="button" className="small" disabled={!canUndo} onClick={() => void undo()} title="Undo the last edit (Ctrl+Z)" aria-keyshortcuts="Control+Z">Undo</button>
        <button type="button" className="small" disabled={!canRedo} onClick={() => void redo()} title="Redo (Ctrl+Shift+Z)" aria-keyshortcuts="Control+Shift+Z">Redo</button>
        <span className="palette-gap" aria-hidden="true" />
        <button type="button" className="small" title="Start from the smallest fabric the format allows: one host with its DRAM running one workload"
          onClick={() => void commit({ ok: true, scenario: newFabric(scenario), id: 'h0' }, { fresh: true, done: 'New fabric: one host with its DRAM and a workload (a scenario needs at least one of each).' })}>
          New fabric
        </button>
        <PodGenerator scenario={scenario} />
      </div>
      <p className="editor-status" role="status" aria-live="polite">{status}</p>
      {error && !error.field && <p className="inline-error" role="alert">Not applied: {error.text}</p>}
    </>
  );
}

/** A pod from its design (src/topology/pod-design.ts), its fields from podSchema. */
function PodGenerator({ scenario }: { scenario: Scenario }) {
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState<Record<string, string>>({ design: 'octopus', hostPorts: '4', devicePorts: '4' });
  const error = useEditor((s) => s.error);
  const id = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const p: Record<string, unknown> = {};
    for (const f of FIELDS.pod) {
      const v = values[f.key]?.trim() ?? '';
      if (v === '') continue;
      p[f.key] = f.leaf.kind === 'number' ? Number(v) : v;
    }
    void commit(podScenario(scenario, p as unknown as PodParams), { fresh: true, field: 'pod', done: 'Pod generated.' }).then((ok) => { if (ok) setOpen(false); });
  };
  return (
    <>
      <button type="button" className="small" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>Generate a pod…</button>
      {open && (
        <form id={id} className="pod-form" onSubmit={submit} aria-label="Generate a pod from its design">
          {FIELDS.pod.map((f) => (
            <FieldInput key={f.key} field={f} value={values[f.key] ?? ''} onChange={(v) => setValues({ ...values, [f.key]: v })} />
          ))}
          <button type="submit" className="small primary">Generate</button>
          <span className="hint">A new scenario: each host with DRAM like this one's and its first workload.</span>
          {error?.field === 'pod' && <p className="inline-error" role="alert">Not generated: {error.text}</p>}
        </form>
      )}
    </>
  );
}

/** One labelled input from a field's spec: its unit, its bounds as input limits, its rule and help. */
function FieldInput({ field: f, value, onChange, onCommit, error, placeholder }: {
  field: FieldSpec; value: string; onChange(v: string): void; onCommit?(): void; error?: string; placeholder?: string;
}) {
  const id = useId();
  const rule = ruleText(f.leaf);
  const onKey = (e: KeyboardEvent<HTMLInputElement | HTMLSelectElement>) => {
    if (e.key === 'Enter' && onCommit) { e.preventDefault(); onCommit(); }
  };
  const describe = `${id}-help${error ? ` ${id}-err` : ''}`;
  return (
    <div className="prop-field">
      <label htmlFor={id}>{f.label}{f.unit ? <span className="unit"> ({f.unit})</span> : null}</label>
      {f.leaf.kind === 'enum' ? (
        <select id={id} value={value} onChange={(e) => { onChange(e.target.value); }} onBlur={onCommit} onKeyDown={onKey} aria-describedby={describe} aria-invalid={error ? true : undefined}>
          {f.optional && <option value="">{f.unset ? `default: ${f.unset}` : 'default'}</option>}
          {f.leaf.options.map((o) => <option key={o} value={o}>{o}</option>)}
        </select>
      ) : (
        <input
          id={id}
          type={f.leaf.kind === 'number' ? 'number' : 'text'}
          inputMode={f.leaf.kind === 'number' ? 'decimal' : undefined}
          step="any"
          {...(f.leaf.kind === 'number' && Number.isFinite(f.leaf.min) ? { min: f.leaf.min } : {})}
          {...(f.leaf.kind === 'number' && Number.isFinite(f.leaf.max) ? { max: f.leaf.max } : {})}
          value={value}
          placeholder={placeholder ?? (f.unset ? `default: ${f.unset}` : '')}
          onChange={(e) => onChange(e.target.value)}
          onBlur={onCommit}
          onKeyDown={onKey}
          aria-describedby={describe}
          aria-invalid={error ? true : undefined}
        />
      )}
      <span className="prop-help" id={`${id}-help`}>{[rule && f.leaf.kind === 'number' ? rule : '', f.help].filter(Boolean).join(' · ')}</span>
      {error && <span className="inline-error" id={`${id}-err`} role="alert">Not applied: {error}</span>}
    </div>
  );
}

/** What the form shows: the selected node, else the selected link. */
function useTarget(scenario: Scenario): { target: EditTarget; title: string; fields: readonly FieldSpec[]; value: Record<string, unknown>; menu: ActionTarget } | null {
  const selected = useApp((s) => s.selected);
  const link = useEditor((s) => s.link);
  return useMemo(() => {
    if (selected) {
      const kind = kindOf(scenario, selected);
      const node = [...scenario.hosts, ...scenario.switches, ...scenario.devices].find((n) => n.id === selected);
      if (!kind || !node) return null;
      return { target: { kind: 'node', id: selected }, title: nameOf(scenario, selected), fields: FIELDS[kind], value: node as unknown as Record<string, unknown>, menu: { kind: 'node', id: selected, nodeKind: kind } };
    }
    if (link) {
      const l = scenario.links.find((x) => (x.a === link.a && x.b === link.b) || (x.a === link.b && x.b === link.a));
      if (!l) return null;
      return { target: { kind: 'link', a: l.a, b: l.b }, title: `Link ${nameOf(scenario, l.a)} – ${nameOf(scenario, l.b)}`, fields: FIELDS.link, value: l as unknown as Record<string, unknown>, menu: { kind: 'link', a: l.a, b: l.b } };
    }
    return null;
  }, [scenario, selected, link]);
}

const shownValue = (v: unknown) => (v === undefined ? '' : String(v));

function Properties() {
  const scenario = useApp((s) => s.scenario)!;
  const t = useTarget(scenario);
  const error = useEditor((s) => s.error);
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [menu, setMenu] = useState<MenuAt | null>(null);
  const key = t ? JSON.stringify(t.target) : '';
  // A new target or a new scenario (an edit applied, undone): the form shows what is there.
  useEffect(() => setDrafts({}), [key, scenario]);
  const moreRef = useRef<HTMLButtonElement>(null);
  if (!t) return <p className="hint">Select a node or a link (click it, or focus it and press Enter) to edit its properties; Shift+F10 on a focused node opens its menu.</p>;
  // A field the parsed scenario left out and that has no stand-in of its own means nothing here (DRAM has no write bandwidth).
  const fields = t.fields.filter((f) => t.value[f.key] !== undefined || f.unset !== undefined || f.leaf.kind === 'string');
  const commitField = (f: FieldSpec) => {
    const raw = drafts[f.key];
    if (raw === undefined || raw === shownValue(t.value[f.key])) return;
    const text = raw.trim();
    let v: number | string | undefined;
    if (text === '') v = undefined;
    else if (f.leaf.kind === 'number') {
      v = Number(text);
      if (!Number.isFinite(v)) { useEditor.setState({ error: { text: `${f.label}: must be a number (got "${text}")`, field: f.key } }); return; }
    } else v = text;
    if (v === undefined && !f.optional) { useEditor.setState({ error: { text: `${f.label}: is required`, field: f.key } }); return; }
    void commit(setField(scenario, t.target, f.key, v), { field: f.key, done: `${t.title}: ${f.label} set.` });
  };
  const openMenu = () => {
    const b = moreRef.current;
    const box = b?.closest('.topo-card')?.getBoundingClientRect(), r = b?.getBoundingClientRect();
    setMenu({ x: r && box ? r.left - box.left : 0, y: r && box ? r.bottom - box.top : 0, title: t.title, actions: nodeActions(t.menu, scenario), opener: b ?? null });
  };
  return (
    <form className="props" aria-label={`Properties of ${t.title}`} onSubmit={(e) => e.preventDefault()}>
      <div className="props-head">
        <strong>{t.title}</strong>
        {t.target.kind === 'node' && <span className="muted"> · id {t.target.id}</span>}
        <button ref={moreRef} type="button" className="small more" aria-haspopup="menu" aria-label={`Actions for ${t.title}`} onClick={openMenu}>…</button>
      </div>
      <div className="props-fields">
        {fields.map((f) => (
          <FieldInput
            key={f.key}
            field={f}
            value={drafts[f.key] ?? shownValue(t.value[f.key])}
            onChange={(v) => setDrafts({ ...drafts, [f.key]: v })}
            onCommit={() => commitField(f)}
            error={error?.field === f.key ? error.text : undefined}
          />
        ))}
      </div>
      {menu && <MenuPortal menu={menu} onClose={() => setMenu(null)} />}
    </form>
  );
}

/** The "…" button's menu, placed under it within the topology card. */
function MenuPortal({ menu, onClose }: { menu: MenuAt; onClose(): void }) {
  return <div className="menu-anchor"><NodeMenu menu={menu} onClose={onClose} /></div>;
}
