import { useApolloClient } from '@apollo/client/react';
import { TreeSelect } from 'antd';
import { useState } from 'react';
import { graphql } from '../../gql';

const ChildUnitsDocument = graphql(`
  query ChildUnits($parent: String) {
    units(parentCode: $parent) { code name level }
  }
`);

interface Node {
  id: string;
  pId: string | null;
  value: string;
  title: string;
  isLeaf: boolean;
}

/** A unit of the caller's subtree, from the caller's own unit down, loaded one level at a time. */
export function UnitTreeSelect({
  root,
  value,
  onChange,
  placeholder,
  id,
}: {
  root: { code: string; name: string; level: string };
  value?: string;
  onChange?: (code: string) => void;
  placeholder?: string;
  id?: string;
}) {
  const client = useApolloClient();
  const [nodes, setNodes] = useState<Node[]>([{ id: root.code, pId: null, value: root.code, title: root.name, isLeaf: root.level === 'GRID' }]);

  const load = async (parent: string) => {
    if (nodes.some((n) => n.pId === parent)) return;
    const { data } = await client.query({ query: ChildUnitsDocument, variables: { parent } });
    const children = (data?.units ?? []).map((u) => ({
      id: u.code,
      pId: parent,
      value: u.code,
      title: u.name,
      isLeaf: u.level === 'GRID',
    }));
    setNodes((all) => [...all, ...children.filter((c) => !all.some((n) => n.id === c.id))]);
  };

  return (
    <TreeSelect
      id={id}
      showSearch
      treeNodeFilterProp="title"
      treeDataSimpleMode
      treeData={nodes}
      loadData={(node) => load(String(node.value))}
      value={value}
      onChange={(v) => onChange?.(v as string)}
      placeholder={placeholder ?? '选择单位'}
      style={{ width: '100%' }}
      popupMatchSelectWidth={false}
      listHeight={360}
      virtual={false}
      treeDefaultExpandedKeys={[root.code]}
    />
  );
}
