import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

/**
 * GraphiQL for development, bundled with the product (its editor and workers included), served at
 * GET /graphql outside production instead of a landing page that loads from a CDN.
 */
const fetcher = createGraphiQLFetcher({
  url: '/graphql',
  subscriptionUrl: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
});

const defaultQuery = `# 先登录，把 accessToken 填到下方 Headers：{"authorization": "Bearer <accessToken>"}
mutation {
  login(username: "lead.fanji", password: "Demo@2026") { accessToken }
}
`;

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <GraphiQL fetcher={fetcher} defaultQuery={defaultQuery} />
  </StrictMode>,
);
