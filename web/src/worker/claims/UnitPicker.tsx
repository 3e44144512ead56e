import { useEffect, useState } from 'react';
import type { WorkerSearchUnitsQuery, WorkerUnitsQuery } from '../../gql/graphql';
import { SEARCH_UNITS, UNITS } from '../documents';
import { useQuery, useStore } from '../app';

export interface PickedUnit {
  code: string;
  name: string;
  level: string;
  path: string;
}

const LEVEL_WORDS = ['省', '市', '县（区）', '乡镇（街道）', '村（社区）'];

/**
 * The workplace: picked level by level from the unit tree (province → city → county → township →
 * village), or found by part of its name. A township without villages on file is a valid choice.
 */
export function UnitPicker({ id, describedBy, value, onChange, disabled }: { id: string; describedBy: string; value: PickedUnit | null; onChange: (u: PickedUnit | null) => void; disabled?: boolean }) {
  const [chain, setChain] = useState<{ code: string; name: string; level: string }[]>([]);
  const [mode, setMode] = useState<'tree' | 'search'>('tree');
  if (value && !disabled) {
    return (
      <div className="picked" id={id} aria-describedby={describedBy}>
        <span data-testid="picked-unit">{value.path}</span>
        <button type="button" className="btn-link" onClick={() => { onChange(null); setChain([]); }}>
          重新选择
        </button>
      </div>
    );
  }
  if (value) return <div className="picked" id={id}>{value.path}</div>;
  const pick = (u: { code: string; name: string; level: string }, path: string) => onChange({ ...u, path });
  return (
    <div className="unit-picker" id={id} aria-describedby={describedBy}>
      <div className="tabs" role="tablist">
        <button type="button" role="tab" aria-selected={mode === 'tree'} className={mode === 'tree' ? 'tab on' : 'tab'} onClick={() => setMode('tree')}>
          一级一级选
        </button>
        <button type="button" role="tab" aria-selected={mode === 'search'} className={mode === 'search' ? 'tab on' : 'tab'} onClick={() => setMode('search')}>
          按名称找
        </button>
      </div>
      {mode === 'tree' ? (
        <>
          {chain.map((u, i) => (
            <button key={u.code} type="button" className="chain" onClick={() => setChain(chain.slice(0, i))}>
              {LEVEL_WORDS[i]}：{u.name} ✎
            </button>
          ))}
          {chain.length < 5 && (
            <Level
              parent={chain[chain.length - 1] ?? null}
              label={LEVEL_WORDS[chain.length]}
              onPick={(u) => {
                const next = [...chain, u];
                if (u.level === 'GRID') pick(u, next.map((x) => x.name).join(' '));
                else setChain(next);
              }}
              onDone={() => {
                const last = chain[chain.length - 1];
                pick(last, chain.map((x) => x.name).join(' '));
              }}
            />
          )}
        </>
      ) : (
        <Search onPick={pick} />
      )}
    </div>
  );
}

function Level({ parent, label, onPick, onDone }: { parent: { code: string; level: string } | null; label: string; onPick: (u: { code: string; name: string; level: string }) => void; onDone: () => void }) {
  const { data, loading, error, reload } = useQuery<WorkerUnitsQuery>(UNITS, { parent: parent?.code ?? null }, [parent?.code ?? null]);
  const townshipChosen = parent?.level === 'TOWNSHIP';
  if (loading && !data) return <p className="muted">正在加载{label}…</p>;
  if (error) return <p className="field-error">{error} <button type="button" className="btn-link" onClick={reload}>重试</button></p>;
  const units = data?.units ?? [];
  if (townshipChosen && units.length === 0) return <NoVillages onDone={onDone} />;
  return (
    <div className="level">
      <p className="level-label">请选{label}：</p>
      {townshipChosen && (
        <button type="button" className="unit-option strong" onClick={onDone}>
          不知道在哪个村，就选这个乡镇（街道）
        </button>
      )}
      <ul className="unit-list">
        {units.map((u) => (
          <li key={u.code}>
            <button type="button" className="unit-option" onClick={() => onPick(u)}>
              {u.name}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A township whose villages are not on file: the township itself is the workplace. */
function NoVillages({ onDone }: { onDone: () => void }) {
  useEffect(onDone, [onDone]);
  return null;
}

function Search({ onPick }: { onPick: (u: { code: string; name: string; level: string }, path: string) => void }) {
  const store = useStore();
  const [text, setText] = useState('');
  const [found, setFound] = useState<WorkerSearchUnitsQuery['searchUnits'] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const name = text.trim();
    if ([...name].length < 2) {
      setFound(null);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      store.request<WorkerSearchUnitsQuery>(SEARCH_UNITS, { name }).then(
        (d) => live && (setFound(d.searchUnits), setError(null)),
        () => live && setError('网络不通，请稍后再试'),
      );
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [text, store]);
  return (
    <div className="level">
      <input aria-label="乡镇或村的名称" placeholder="输入乡镇或村的名字，如：杨庄" value={text} onChange={(e) => setText(e.target.value)} />
      {error && <p className="field-error">{error}</p>}
      {found && found.length === 0 && <p className="muted">没有找到，换个字试试，或者一级一级选。</p>}
      <ul className="unit-list">
        {found?.map((u) => {
          const path = [...u.ancestors.map((a) => a.name), u.name].join(' ');
          return (
            <li key={u.code}>
              <button type="button" className="unit-option" onClick={() => onPick(u, path)}>
                <strong>{u.name}</strong>
                <small>{u.ancestors.map((a) => a.name).join(' ')}</small>
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
