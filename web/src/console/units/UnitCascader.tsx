import { useApolloClient } from '@apollo/client/react';
import { Cascader } from 'antd';
import { useEffect, useState } from 'react';
import { graphql } from '../../gql';
import type { UnitLevel } from '../../gql/graphql';

const UnitsDocument = graphql(`
  query Units($parentCode: String) {
    units(parentCode: $parentCode) { code name level }
  }
`);

interface Option {
  value: string;
  label: string;
  level: UnitLevel;
  isLeaf: boolean;
  children?: Option[];
  disabled?: boolean;
}

const DEPTH: UnitLevel[] = ['PROVINCE', 'CITY', 'COUNTY', 'TOWNSHIP', 'GRID'];

export interface UnitCascaderProps {
  /** The unit code chosen (the last of the path). */
  value?: string;
  onChange?: (code: string | undefined) => void;
  /** How deep the tree goes (default GRID: province → city → county → township → village). */
  deepest?: UnitLevel;
  /** Levels that may be chosen; others only open their children. Default: any. */
  selectable?: UnitLevel[];
  placeholder?: string;
  id?: string;
  'data-testid'?: string;
}

/**
 * A unit from the national tree, opened level by level (省 → 市 → 县 → 乡镇 → 村): each level is
 * fetched with `units(parentCode)` when it is opened, never the whole tree at once.
 */
export function UnitCascader({ value, onChange, deepest = 'GRID', selectable, placeholder = '请选择单位', id, ...rest }: UnitCascaderProps) {
  const client = useApolloClient();
  const [options, setOptions] = useState<Option[]>([]);
  const [path, setPath] = useState<string[]>([]);
  const maxDepth = DEPTH.indexOf(deepest);

  const load = async (parentCode: string | null): Promise<Option[]> => {
    const { data } = await client.query({ query: UnitsDocument, variables: { parentCode } });
    return (data?.units ?? []).map((u) => ({
      value: u.code,
      label: u.name,
      level: u.level,
      isLeaf: DEPTH.indexOf(u.level) >= maxDepth,
    }));
  };

  useEffect(() => {
    let live = true;
    load(null).then((o) => live && setOptions(o));
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    if (!value) setPath([]);
    else if (path[path.length - 1] !== value) setPath([value]);
  }, [value]);

  const loadData = async (selected: Option[]) => {
    const target = selected[selected.length - 1];
    const children = await load(target.value);
    target.children = children;
    if (!children.length) target.isLeaf = true;
    setOptions((o) => [...o]);
  };

  return (
    <Cascader<Option>
      id={id}
      data-testid={rest['data-testid']}
      options={options}
      loadData={loadData as never}
      value={path}
      changeOnSelect
      placeholder={placeholder}
      style={{ width: '100%' }}
      displayRender={(labels) => labels.join(' / ')}
      onChange={(p, selected) => {
        const codes = (p ?? []) as string[];
        const last = (selected as Option[] | undefined)?.[codes.length - 1];
        setPath(codes);
        if (!codes.length) return onChange?.(undefined);
        if (selectable && last && !selectable.includes(last.level)) return onChange?.(undefined);
        onChange?.(codes[codes.length - 1]);
      }}
    />
  );
}
