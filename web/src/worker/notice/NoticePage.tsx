import { Link } from 'react-router-dom';
import type { WorkerClaimBoundsQuery } from '../../gql/graphql';
import { CLAIM_BOUNDS } from '../documents';
import { Page, useQuery, useWorkerSession } from '../app';

/**
 * 一次性告知: everything a worker needs to know before the form, at once: what a claim is, what
 * to prepare, how long the answer takes, the time bar, the law, the hotline. The periods come
 * from the server (claimBounds), the same numbers its clocks count with.
 */
export function NoticePage() {
  const session = useWorkerSession();
  const { data } = useQuery<WorkerClaimBoundsQuery>(CLAIM_BOUNDS, {}, []);
  const b = data?.claimBounds;
  const days = b?.answerWorkingDays ?? 5;
  const years = b?.timeBarYears ?? 2;
  return (
    <Page title="欠薪求助">
      <section className="card notice">
        <h2>被拖欠工资了？在这里反映</h2>
        <p>
          干了活拿不到工资，可以在手机上向<strong>干活所在地</strong>的劳动保障监察机构反映（这叫“欠薪线索”）。线索会自动交给当地乡镇（街道）劳动保障监察中队办理，
          <strong>{days}个工作日内</strong>答复您。不收任何费用。
        </p>
        {session ? (
          <p className="quick">
            您已登录。<Link to="/worker/claims">看我的线索 ›</Link>
          </p>
        ) : (
          <p className="quick">
            第一次来，请先看完下面的说明，再点最下面的“注册”。已经注册过？<Link to="/worker/login">直接登录 ›</Link>
          </p>
        )}
      </section>

      <section className="card">
        <h2>请先准备好</h2>
        <ol className="prepare">
          <li>用人单位（老板、公司或包工头所在单位）的<strong>名称</strong>；知道<strong>统一社会信用代码</strong>（营业执照上18位）更好</li>
          <li>干活的<strong>地方</strong>：哪个乡镇（街道）、哪个村（社区）</li>
          <li>
            <strong>项目名称</strong>（如“某某小区3号楼”），没有可以不填
          </li>
          <li>
            被拖欠工资的<strong>起止日期</strong>
          </li>
          <li>
            被拖欠的<strong>金额</strong>（元）
          </li>
          <li>
            一起被拖欠的<strong>人数</strong>（包括您自己）
          </li>
          <li>一段情况说明：谁欠的、欠了多久、讨要过没有</li>
        </ol>
        <p className="muted">注册需要您的手机号和身份证号（只用于核实身份，加密保存，不会公开）。</p>
      </section>

      <section className="card">
        <h2>时间要求</h2>
        <ul className="plain">
          <li>
            提交后<strong>{days}个工作日内</strong>答复：受理，或者说明不受理的理由。答复前您可以撤回。
          </li>
          <li>
            受理后立案调查，调查有法定时限（见“办事程序”）。每一步都会写进您的线索记录，您随时可以查看。
          </li>
          <li>
            欠薪结束<strong>超过{years}年</strong>的，劳动保障监察不再查处（{years}年时效），可以申请劳动仲裁或向法院起诉。
          </li>
        </ul>
      </section>

      <section className="card">
        <h2>依据</h2>
        <ul className="plain">
          <li>《保障农民工工资支付条例》</li>
          <li>《劳动保障监察条例》</li>
        </ul>
        <p>
          <Link to="/public/procedures">查看完整的办事程序、依据和时限 ›</Link>
        </p>
      </section>

      <section className="card">
        <h2>有疑问，打电话</h2>
        <p>
          劳动保障咨询投诉电话：
          <a className="phone" href="tel:12333">
            12333
          </a>
        </p>
      </section>

      <div className="actions">
        {session ? (
          <>
            <Link className="btn btn-primary" to="/worker/claims/new">
              我要反映欠薪
            </Link>
            <Link className="btn btn-secondary" to="/worker/claims">
              我的线索
            </Link>
          </>
        ) : (
          <>
            <Link className="btn btn-primary" to="/worker/register">
              第一次来：注册
            </Link>
            <Link className="btn btn-secondary" to="/worker/login">
              已注册：登录
            </Link>
          </>
        )}
      </div>
    </Page>
  );
}
