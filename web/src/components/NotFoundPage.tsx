import { Link } from "react-router-dom";
import { useTitle } from "../lib/useTitle";

export function NotFoundPage() {
  useTitle("页面不存在");
  return (
    <main className="login">
      <div className="login__panel">
        <p className="login__brand" aria-hidden="true">
          同心
        </p>
        <h1>页面不存在</h1>
        <p className="muted">您访问的地址不存在，可能已被移动或输入有误。</p>
        <p>
          <Link to="/" className="button button--primary">
            返回我的组织
          </Link>
        </p>
      </div>
    </main>
  );
}
