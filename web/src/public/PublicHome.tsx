import { Link } from 'react-router-dom';
import { Page } from '../worker/app';

/** 四公开: what the bureaus publish, for anyone, without logging in. */
export function PublicHome() {
  return (
    <Page title="政务公开" back="/worker">
      <p className="muted">劳动保障监察“四公开”：办事程序、办事依据、办事时限、办事结果向社会公开。</p>
      <nav className="menu">
        <Link className="card menu-item" to="/public/procedures">
          <strong>办事程序、依据和时限</strong>
          <span>欠薪线索、监察案件、失信名单怎么办，依据什么，多长时间</span>
        </Link>
        <Link className="card menu-item" to="/public/results">
          <strong>办理结果</strong>
          <span>各省、市、县今年办结多少案件、追回多少工资、是否按期</span>
        </Link>
        <Link className="card menu-item" to="/public/blacklist">
          <strong>拖欠农民工工资失信名单</strong>
          <span>被列入失信联合惩戒名单的用人单位</span>
        </Link>
      </nav>
    </Page>
  );
}
