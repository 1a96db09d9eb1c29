// The "?" sheet: every keyboard shortcut, from the one table that also drives the key handler.
import { SHORTCUTS } from '../../shortcuts';
import { useApp } from '../../store';
import { Sheet } from './Sheet';

export function HelpSheet() {
  const embed = useApp((s) => s.embed);
  const list = SHORTCUTS.filter((s) => !embed || s.embed);
  return (
    <Sheet title="Keyboard shortcuts" className="help-sheet">
      <table className="shortcut-table">
        <caption className="visually-hidden">Keyboard shortcuts</caption>
        <thead><tr><th scope="col">Key</th><th scope="col">Does</th></tr></thead>
        <tbody>
          {list.map((s) => (
            <tr key={s.label}>
              <th scope="row"><kbd>{s.label}</kbd></th>
              <td>{s.does}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">Shortcuts wait while you type in a field; Space belongs to a focused button.</p>
    </Sheet>
  );
}
