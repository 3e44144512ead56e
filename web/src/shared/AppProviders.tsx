import { ApolloProvider } from '@apollo/client/react';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { useMemo, type ReactNode } from 'react';
import { createApolloClient } from './apollo';
import { SessionStore } from './session';
import { SessionProvider } from './session-react';
import './format';

/** What every page shares: antd in Chinese, the session, and an Apollo client bound to it. */
export function AppProviders({ storageKey, children }: { storageKey: string; children: ReactNode }) {
  const store = useMemo(() => new SessionStore(storageKey), [storageKey]);
  const client = useMemo(() => createApolloClient(store), [store]);
  return (
    <ConfigProvider locale={zhCN} theme={{ token: { colorPrimary: '#1f5fbf', borderRadius: 4 } }}>
      <AntApp>
        <SessionProvider store={store}>
          <ApolloProvider client={client}>{children}</ApolloProvider>
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}
