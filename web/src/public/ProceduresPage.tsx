import type { PublicProceduresQuery } from '../gql/graphql';
import { PROCEDURES } from '../worker/documents';
import { ErrorBox, Loading, Page, useQuery } from '../worker/app';

/** 办事程序、依据、时限: from the server, written from the constants its clocks count with. */
export function ProceduresPage() {
  const { data, error, loading, reload } = useQuery<PublicProceduresQuery>(PROCEDURES, {}, []);
  return (
    <Page title="办事程序和时限" back="/public">
      {error && <ErrorBox text={error} onRetry={reload} />}
      {loading && !data && <Loading />}
      {data?.publicProcedures.map((p) => (
        <section className="card" key={p.key} data-procedure={p.key}>
          <h2>{p.title}</h2>
          <p>{p.summary}</p>
          <ol className="steps">
            {p.steps.map((s) => (
              <li key={s.title}>
                <h3>
                  {s.title}
                  {s.timeLimit && <span className="limit">时限：{s.timeLimit}</span>}
                </h3>
                <p>{s.description}</p>
                <p className="basis">依据：{s.basis.join('；')}</p>
              </li>
            ))}
          </ol>
        </section>
      ))}
    </Page>
  );
}
