import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed documents for the web pages from the printed schema: every `graphql(...)` call under
 * web/src is checked against schema.graphql, so a schema change that breaks a page fails
 * `npm run typecheck` and `npm run web:build`.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['web/src/**/*.{ts,tsx}', '!web/src/gql/**'],
  ignoreNoDocuments: true,
  generates: {
    'web/src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        strictScalars: true,
        scalars: { Money: 'string', Date: 'string', DateTime: 'string' },
        defaultScalarType: 'unknown',
      },
    },
  },
};

export default config;
