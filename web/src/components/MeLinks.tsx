import { CalendarDays, FileText, IdCard, Trophy } from "lucide-react";
import { Link } from "react-router-dom";

/** 我的 on a phone: what the bottom bar leaves out, at the top of the account page. */
export function MeLinks() {
  return (
    <nav className="me-links" aria-label="我的">
      <Link to="/me/instances" className="me-links__link">
        <FileText aria-hidden size={20} />
        我的申报
      </Link>
      <Link to="/campaigns" className="me-links__link">
        <Trophy aria-hidden size={20} />
        评选
      </Link>
      <Link to="/me/activities" className="me-links__link">
        <CalendarDays aria-hidden size={20} />
        我的活动
      </Link>
      <Link to="/me/personal-data" className="me-links__link" title="查看和下载平台保存的关于您的全部信息">
        <IdCard aria-hidden size={20} />
        我的个人信息
      </Link>
    </nav>
  );
}
