"""PostgreSQL with two roles: an owner that migrates, and the role the hall's PCs connect as.

The owner (`halldesk db upgrade` with its URL) owns every table, so it alone can alter or drop
them, disable a trigger, or truncate. The program role is granted what a day's work needs and no
more: read and write the tables, use their sequences, call the functions; on the audit log only
read and append (no UPDATE, DELETE, TRUNCATE, REFERENCES or TRIGGER); on `alembic_version` only
read. It owns nothing, so `ALTER TABLE audit_log DISABLE TRIGGER` and `DROP TABLE` are refused
to it whatever the triggers say.

`grant_program_role` runs in the upgrade's transaction, as the owner, after the migrations. It
also sets the owner's default privileges for the role, so a table a later migration creates is
usable by the PCs at once, and that is also where the role is remembered: a later
`halldesk db upgrade` without `--program-role` finds it there (`remembered_program_role`) and
grants again, taking any new restriction below into account.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

from app.errors import SettingsError
from app.settings import ROLE_NAME

# Tables the program may only read and append to; everything else it may read and change.
APPEND_ONLY_TABLES = ("audit_log",)
# Tables the program may only read: the schema's revision is the owner's to write.
READ_ONLY_TABLES = ("alembic_version",)

FIX_PUBLIC_SCHEMA = (
    "请用数据库超级用户执行 REVOKE CREATE ON SCHEMA public FROM PUBLIC;"
    "（PostgreSQL 15 及以后默认如此）"
)


def check_role_name(name: str) -> str:
    if not ROLE_NAME.match(name):
        raise SettingsError("settings.program_role_invalid", name=name)
    return name


def _q(name: str) -> str:
    return '"' + check_role_name(name) + '"'


def remembered_program_role(conn: Connection) -> str | None:
    """The role the owner's default privileges in schema public grant tables to (set by an
    earlier `grant_program_role`), or None."""
    found = conn.execute(
        text(
            """
            SELECT DISTINCT grantee.rolname
            FROM pg_default_acl d
            JOIN pg_namespace n ON n.oid = d.defaclnamespace AND n.nspname = 'public'
            CROSS JOIN LATERAL aclexplode(d.defaclacl) AS acl
            JOIN pg_roles grantee ON grantee.oid = acl.grantee
            WHERE d.defaclrole = (SELECT oid FROM pg_roles WHERE rolname = current_user)
              AND d.defaclobjtype = 'r' AND acl.privilege_type = 'INSERT'
            """
        )
    ).scalars()
    names = sorted(found)
    return names[0] if len(names) == 1 else None


def problems(conn: Connection, role: str) -> list[str]:
    """Why `role` cannot be the program's role (empty: it can)."""
    row = conn.execute(
        text(
            """
            SELECT r.rolsuper, r.rolname = current_user AS is_owner,
                   pg_has_role(r.rolname, current_user, 'MEMBER') AS in_owner,
                   has_schema_privilege(r.rolname, 'public', 'CREATE') AS can_create,
                   (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = 'public' AND c.relowner = r.oid) AS owned
            FROM pg_roles r WHERE r.rolname = :role
            """
        ),
        {"role": role},
    ).one_or_none()
    if row is None:
        return [
            f"数据库服务器上没有角色 {role}：请先创建它（CREATE ROLE {role} LOGIN PASSWORD '…'）"
        ]
    found = []
    if row.is_owner:
        found.append(f"{role} 就是运行升级的所有者账号：程序账号必须是另一个角色")
    if row.rolsuper:
        found.append(f"{role} 是超级用户，什么都能做：程序账号必须是普通角色")
    elif row.in_owner and not row.is_owner:
        found.append(f"{role} 是所有者角色的成员，继承了它的全部权限：请 REVOKE 这个成员关系")
    if row.owned:
        found.append(f"{role} 拥有 {row.owned} 个表或序列：请用 ALTER TABLE … OWNER TO 改归所有者")
    if row.can_create and not row.rolsuper:
        found.append(f"{role} 能在 public 模式中建对象（可借此冒充函数）：{FIX_PUBLIC_SCHEMA}")
    return found


def grant_program_role(conn: Connection, role: str) -> None:
    """Make `role` the program's role: the grants above, on every table there is now, and the
    owner's default privileges for the tables later migrations make. Idempotent."""
    found = problems(conn, role)
    if found:
        raise SettingsError("settings.program_role_unsafe", role=role, problems="；".join(found))
    who = _q(role)
    database = conn.execute(text("SELECT current_database()")).scalar_one()
    statements = [
        f'GRANT CONNECT ON DATABASE "{database}" TO {who}',
        f"GRANT USAGE ON SCHEMA public TO {who}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {who}",
        f"REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM {who}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {who}",
        f"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO {who}",
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {who}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {who}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT EXECUTE ON FUNCTIONS TO {who}",
    ]
    for table in APPEND_ONLY_TABLES:
        statements.append(f"REVOKE UPDATE, DELETE ON {table} FROM {who}")
    for table in READ_ONLY_TABLES:
        statements.append(f"REVOKE INSERT, UPDATE, DELETE ON {table} FROM {who}")
    for statement in statements:
        conn.execute(text(statement))


def program_cannot_migrate(conn: Connection) -> bool:
    """True when the connected role could not run the migrations: it neither owns the schema's
    tables (nor is a member of their owner) nor, in an empty database, may create any."""
    owner = conn.execute(
        text(
            "SELECT tableowner FROM pg_tables "
            "WHERE schemaname = current_schema() AND tablename = 'alembic_version'"
        )
    ).scalar_one_or_none()
    if owner is None:
        return not conn.execute(
            text("SELECT has_schema_privilege(current_schema(), 'CREATE')")
        ).scalar_one()
    return not conn.execute(
        text("SELECT pg_has_role(current_user, :owner, 'USAGE')"), {"owner": owner}
    ).scalar_one()
