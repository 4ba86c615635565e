"""The admin window: users, windows, queue categories, departments with where their decisions can be
challenged, the catalog, hall-wide rules (大厅设置) and the (read-only) audit trail."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.clock import utcnow
from app.domain.audit_chain import ChainReport
from app.domain.queue import CALL_MODE_LABELS, CallMode
from app.errors import HallDeskError
from app.services import admin, audit, departments
from app.services.admin import AuditEntry, CategoryInfo, CounterInfo
from app.services.audit import action_label, entity_label
from app.services.audit_log import verify_audit_log
from app.services.auth import UserInfo
from app.services.departments import DepartmentInfo
from ui.context import AppContext
from ui.table_model import Column, RowTableModel
from ui.tasks import acting
from ui.widgets.admin_dialogs import (
    category_dialog,
    counter_dialog,
    department_dialog,
    password_dialog,
    user_dialog,
)
from ui.widgets.hall_rules import HallRulesPage
from ui.windows.base import RoleWindow


def _local(ctx: AppContext, moment) -> str:
    tz = ZoneInfo(ctx.hall.timezone if ctx.hall else ctx.settings.hall.timezone)
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S") if moment else ""


class TablePage(QWidget):
    """A table of rows with a row of buttons above it."""

    def __init__(self, columns: list[Column[Any]], name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.model: RowTableModel[Any] = RowTableModel(columns, self)
        self.table = QTableView()
        self.table.setObjectName(name)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setStyleSheet("QTableView::item { padding: 2px 10px; }")
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.buttons = QHBoxLayout()
        layout = QVBoxLayout(self)
        layout.addLayout(self.buttons)
        layout.addWidget(self.table, 1)

    def add_button(self, name: str, text: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        self.buttons.addWidget(button)
        return button

    def selected(self) -> Any | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def select_where(self, predicate: Callable[[Any], bool]) -> None:
        for i, row in enumerate(self.model.rows()):
            if predicate(row):
                self.table.selectRow(i)
                return


class AdminWindow(RoleWindow):
    role_title = QT_TRANSLATE_NOOP("RoleWindow", "系统管理")

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(ctx, parent)
        self.setObjectName("admin_window")
        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        layout = QVBoxLayout(self.body)
        layout.addWidget(self.tabs)

        def status(u: UserInfo) -> str:
            if not u.active:
                return self.tr("已停用")
            if u.locked_until is not None and u.locked_until > utcnow():
                return self.tr("已锁定")
            return self.tr("正常")

        def call_mode(c: CounterInfo) -> str:
            label = CALL_MODE_LABELS[c.call_mode]
            if c.call_mode is not CallMode.WEIGHTED:
                return label
            prefixes, weights = ":".join(c.category_prefixes), ":".join(map(str, c.weights))
            return f"{label}（{prefixes} = {weights}）"  # 按权重轮叫（A:E = 2:1）

        self.users = TablePage(
            [
                Column(self.tr("用户名"), lambda u: u.username),
                Column(self.tr("姓名"), lambda u: u.full_name),
                Column(self.tr("工号"), lambda u: u.staff_no),
                Column(self.tr("角色"), lambda u: u.role.label),
                Column(self.tr("状态"), status),
                Column(self.tr("可登录窗口"), lambda u: "、".join(map(str, u.counter_numbers))),
            ],
            "users_table",
        )
        self.users.add_button("new_user", self.tr("新建用户"), self.new_user)
        self.users.add_button("edit_user", self.tr("编辑 / 分配窗口"), self.edit_user)
        self.users.add_button("toggle_user", self.tr("停用 / 启用"), self.toggle_user)
        self.users.add_button("reset_password", self.tr("重置密码"), self.reset_password)
        self.users.add_button("unlock_user", self.tr("解锁"), self.unlock_user)
        self.users.buttons.addStretch(1)
        self.tabs.addTab(self.users, self.tr("用户"))

        self.counters = TablePage(
            [
                Column(self.tr("窗口号"), lambda c: c.number),
                Column(self.tr("名称"), lambda c: c.name),
                Column(self.tr("位置"), lambda c: c.location),
                Column(self.tr("办理类别（叫号顺序）"), lambda c: " → ".join(c.category_prefixes)),
                Column(self.tr("叫号方式"), call_mode),
                Column(self.tr("工作人员"), lambda c: "、".join(c.clerk_names)),
                Column(self.tr("启用"), lambda c: self.tr("是") if c.active else self.tr("否")),
            ],
            "counters_table",
        )
        self.counters.add_button("new_counter", self.tr("新建窗口"), self.new_counter)
        self.counters.add_button("edit_counter", self.tr("编辑窗口"), self.edit_counter)
        self.counters.buttons.addStretch(1)
        self.tabs.addTab(self.counters, self.tr("窗口"))

        self.categories = TablePage(
            [
                Column(self.tr("前缀"), lambda c: c.prefix),
                Column(self.tr("名称"), lambda c: c.name),
                Column(self.tr("英文名称"), lambda c: c.name_en or ""),
                Column(
                    self.tr("优先比例"),
                    lambda c: (
                        self.tr("每 {0} 普通 : 1 优先").format(c.priority_every_n)
                        if c.priority_enabled
                        else self.tr("不设优先")
                    ),
                ),
                Column(
                    self.tr("等候目标"), lambda c: self.tr("{0} 分钟").format(c.wait_target_minutes)
                ),
                Column(
                    self.tr("平均办理"),
                    lambda c: self.tr("{0} 分钟").format(f"{c.avg_service_minutes.normalize():f}"),
                ),
                Column(self.tr("启用"), lambda c: self.tr("是") if c.active else self.tr("否")),
                Column(self.tr("说明"), lambda c: c.description),
            ],
            "categories_table",
        )
        self.categories.add_button("new_category", self.tr("新建类别"), self.new_category)
        self.categories.add_button("edit_category", self.tr("编辑类别"), self.edit_category)
        self.categories.buttons.addStretch(1)
        self.tabs.addTab(self.categories, self.tr("业务类别"))

        self.departments = TablePage(
            [
                Column(self.tr("部门"), lambda d: d.name),
                Column(self.tr("行政复议机关"), lambda d: d.review_body or self.tr("（未设置）")),
                Column(self.tr("人民法院"), lambda d: d.court or self.tr("（未设置）")),
                Column(self.tr("垂直管理"), lambda d: self.tr("是") if d.vertical else ""),
                Column(self.tr("事项数"), lambda d: d.items),
            ],
            "departments_table",
        )
        self.departments.add_button("new_department", self.tr("新建部门"), self.new_department)
        self.departments.add_button(
            "edit_department", self.tr("设置复议机关与法院"), self.edit_department
        )
        self.departments_note = QLabel()
        self.departments_note.setObjectName("departments_note")
        self.departments_note.setStyleSheet("color: #b71c1c;")
        self.departments.buttons.addWidget(self.departments_note, 1)
        self.tabs.addTab(self.departments, self.tr("部门与救济途径"))

        from ui.windows.catalog import CatalogPage  # 事项目录 and 节假日设置 (issue 4)

        self.catalog = CatalogPage(ctx)
        self.tabs.addTab(self.catalog, self.tr("事项目录"))

        self.hall_rules = HallRulesPage(ctx)
        self.tabs.addTab(self.hall_rules, self.tr("大厅设置"))

        self.audit = TablePage(
            [
                Column(self.tr("时间"), lambda a: _local(ctx, a.at)),
                Column(self.tr("用户"), lambda a: a.username),
                Column(self.tr("电脑"), lambda a: a.host),
                Column(self.tr("操作"), lambda a: action_label(a.action)),
                Column(self.tr("对象"), lambda a: f"{entity_label(a.entity)} {a.entity_id or ''}"),
                Column(self.tr("修改前"), lambda a: _brief(a.before)),
                Column(self.tr("修改后"), lambda a: _brief(a.after)),
            ],
            "audit_table",
        )
        self.audit_filter = QLineEdit()
        self.audit_filter.setObjectName("audit_filter")
        self.audit_filter.setPlaceholderText(self.tr("按用户名筛选"))
        self.audit_filter.returnPressed.connect(self.refresh_audit)
        self.audit.buttons.addWidget(self.audit_filter)
        self.audit.add_button("refresh_audit", self.tr("刷新"), self.refresh_audit)
        self.verify_button = self.audit.add_button(
            "verify_audit", self.tr("校验完整性"), self.verify_audit
        )
        self.verify_result = QLabel()
        self.verify_result.setObjectName("audit_verify_result")
        self.verify_result.setWordWrap(True)
        self.verify_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.audit.buttons.addWidget(self.verify_result, 1)
        self.tabs.addTab(self.audit, self.tr("审计日志（只读）"))
        self.tabs.currentChanged.connect(
            lambda _i: self.refresh_audit() if self.tabs.currentWidget() is self.audit else None
        )

        self.refresh()

    # ------------------------------------------------------------------ refresh
    def refresh(self) -> None:
        db = self.ctx.db

        def read() -> tuple[list, list, list, list[DepartmentInfo]]:
            return (
                admin.list_users(db),
                admin.list_counters(db),
                admin.list_categories(db),
                departments.list_departments(db),
            )

        self.ctx.runner.submit(read, self._show_lists, self._not_read)
        self.hall_rules.refresh()
        self.refresh_audit()

    def _show_lists(self, lists: tuple[list, list, list, list[DepartmentInfo]]) -> None:
        users, counters, categories, listed = lists
        self.users.model.set_rows(users)
        self.counters.model.set_rows(counters)
        self.categories.model.set_rows(categories)
        self.departments.model.set_rows(listed)
        unset = [d.name for d in listed if not d.complete and d.items]
        self.departments_note.setText(
            self.tr(
                "{0} 个部门未设置复议机关或法院，这些部门的事项不能作出不予受理、不予许可决定"
            ).format(len(unset))
            if unset
            else ""
        )

    def refresh_audit(self) -> None:
        db, username = self.ctx.db, self.audit_filter.text().strip() or None
        self.ctx.runner.submit(
            lambda: admin.list_audit(db, username=username), self._show_audit, self._not_read
        )

    def _show_audit(self, entries: list[AuditEntry]) -> None:
        self.audit.model.set_rows(entries)

    def _failed(self, error: HallDeskError) -> None:
        """An action refused or not done (the database away): a message box, where the admin
        acted."""
        QMessageBox.warning(self, self.tr("无法完成"), error.message)

    def _not_read(self, error: HallDeskError) -> None:
        """A list not read: said in the status line, the lists keep what they show (the window's
        red notice says when the database is away, and it reloads when it is back)."""
        self.statusBar().showMessage(error.message, 10_000)

    def verify_audit(self) -> None:
        """Walk the log's hash chain on the task runner's thread (a long log takes a while)."""
        self.verify_button.setEnabled(False)
        self.verify_result.setStyleSheet("")
        self.verify_result.setText(self.tr("正在校验审计日志的哈希链……"))
        db = self.ctx.db
        self.ctx.runner.operation(lambda: verify_audit_log(db), self._verified, self._verify_failed)

    def _verified(self, report: ChainReport) -> None:
        self.verify_button.setEnabled(True)
        broken = report.broken
        if broken is None:
            self.verify_result.setStyleSheet("color: #1b5e20;")
            self.verify_result.setText(
                self.tr("完整：共 {0} 条，哈希链没有断开。链头 {1}:{2}").format(
                    report.count, report.head_seq, report.head_hash
                )
            )
            return
        self.verify_result.setStyleSheet("color: #b71c1c;")
        where = (
            self.tr("id {0}，时间 {1}：").format(broken.entry_id, _local(self.ctx, broken.at))
            if broken.entry_id is not None
            else ""
        )
        self.verify_result.setText(
            self.tr("断开（{0}）：{1}{2}").format(broken.kind.label, where, broken.detail)
        )

    def _verify_failed(self, error: HallDeskError) -> None:
        self.verify_button.setEnabled(True)
        self.verify_result.setStyleSheet("color: #b71c1c;")
        self.verify_result.setText(error.message)

    def _run(self, action: Callable[[], Any]) -> None:
        """Run a one-click action on the runner, its button busy meanwhile; refusals are shown,
        never raised into Qt; the lists are read again when it is done."""
        self.ctx.runner.operation(
            action, lambda _result: self.refresh(), self._failed, busy=acting(self)
        )

    def _with(self, read: Callable[[], Any], then: Callable[[Any], None]) -> None:
        """A dialog that needs the database's answer before it opens: read on the runner, open
        it in `then` (the button that opens it is busy meanwhile)."""
        self.ctx.runner.operation(read, then, self._failed, busy=acting(self))

    def _need(self, page: TablePage, what: str) -> Any | None:
        row = page.selected()
        if row is None:
            QMessageBox.information(
                self, self.tr("请先选择"), self.tr("请先在列表中选择一个{0}。").format(what)
            )
        return row

    # ------------------------------------------------------------------ users
    def new_user(self) -> None:
        def save(v: dict[str, Any]) -> Callable[[], UserInfo]:
            return partial(
                admin.create_user,
                self.ctx.db,
                self.ctx.actor,
                username=v["username"],
                full_name=v["full_name"],
                role=v["role"],
                password=v["password"],
                staff_no=v["staff_no"],
                counter_numbers=v["counters"],
            )

        def open_dialog(counters: list[CounterInfo]) -> None:
            dialog = user_dialog(self, counters, None, save)
            if dialog.exec():
                self.refresh()
                self.users.select_where(lambda u: u.id == dialog.result_value.id)

        db = self.ctx.db
        self._with(lambda: admin.list_counters(db), open_dialog)

    def edit_user(self) -> None:
        user: UserInfo | None = self._need(self.users, self.tr("用户"))
        if user is None:
            return

        db, actor = self.ctx.db, self.ctx.actor

        def save(v: dict[str, Any]) -> Callable[[], UserInfo]:
            def task() -> UserInfo:
                admin.update_user(
                    db,
                    actor,
                    user.id,
                    full_name=v["full_name"],
                    role=v["role"],
                    staff_no=v["staff_no"],
                )
                return admin.assign_counters(db, actor, user.id, v["counters"])

            return task

        def open_dialog(counters: list[CounterInfo]) -> None:
            if user_dialog(self, counters, user, save).exec():
                self.refresh()

        self._with(lambda: admin.list_counters(db), open_dialog)

    def toggle_user(self) -> None:
        user: UserInfo | None = self._need(self.users, self.tr("用户"))
        if user is not None:
            self._run(
                lambda: admin.set_user_active(self.ctx.db, self.ctx.actor, user.id, not user.active)
            )

    def reset_password(self) -> None:
        user: UserInfo | None = self._need(self.users, self.tr("用户"))
        if user is None:
            return
        dialog = password_dialog(
            self,
            user.username,
            lambda pw: partial(admin.reset_password, self.ctx.db, self.ctx.actor, user.id, pw),
        )
        if dialog.exec():
            self.refresh()

    def unlock_user(self) -> None:
        user: UserInfo | None = self._need(self.users, self.tr("用户"))
        if user is not None:
            self._run(lambda: admin.unlock_user(self.ctx.db, self.ctx.actor, user.id))

    # ------------------------------------------------------------------ counters
    def _counter_dialog(self, counter: CounterInfo | None) -> None:
        def save(v: dict[str, Any]) -> Callable[[], CounterInfo]:
            return partial(
                admin.save_counter,
                self.ctx.db,
                self.ctx.actor,
                counter_id=counter.id if counter else None,
                **v,
            )

        def open_dialog(categories: list[CategoryInfo]) -> None:
            if counter_dialog(self, categories, counter, save).exec():
                self.refresh()

        db = self.ctx.db
        self._with(lambda: admin.list_categories(db), open_dialog)

    def new_counter(self) -> None:
        self._counter_dialog(None)

    def edit_counter(self) -> None:
        counter = self._need(self.counters, self.tr("窗口"))
        if counter is not None:
            self._counter_dialog(counter)

    # ------------------------------------------------------------------ categories
    def _category_dialog(self, category: CategoryInfo | None) -> None:
        def save(v: dict[str, Any]) -> Callable[[], CategoryInfo]:
            return partial(
                admin.save_category,
                self.ctx.db,
                self.ctx.actor,
                v,
                category.id if category else None,
            )

        dialog = category_dialog(self, category, save)
        if dialog.exec():
            self.refresh()

    def new_category(self) -> None:
        self._category_dialog(None)

    def edit_category(self) -> None:
        category = self._need(self.categories, self.tr("业务类别"))
        if category is not None:
            self._category_dialog(category)

    # ------------------------------------------------------------------ departments
    def _department_dialog(self, department: DepartmentInfo | None) -> None:
        def save(v: dict[str, Any]) -> Callable[[], DepartmentInfo]:
            return partial(
                departments.save_department,
                self.ctx.db,
                self.ctx.actor,
                department_id=department.id if department else None,
                **v,
            )

        dialog = department_dialog(self, department, save)
        if dialog.exec():
            self.refresh()
            self.departments.select_where(lambda d: d.id == dialog.result_value.id)

    def new_department(self) -> None:
        self._department_dialog(None)

    def edit_department(self) -> None:
        department = self._need(self.departments, self.tr("部门"))
        if department is not None:
            self._department_dialog(department)


def _brief(data: dict[str, Any] | None) -> str:
    if not data:
        return ""
    text = audit.describe(data)
    return text if len(text) <= 120 else text[:117] + "…"
