"""Edit dialogs of the admin window. Each keeps what was typed when the service refuses it and
shows the message next to the field at fault."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.codes import Role
from app.domain.queue import CALL_MODE_LABELS, CallMode
from app.errors import HallDeskError, ValidationError
from app.services.admin import WEIGHT_RANGE, CategoryInfo, CounterInfo
from app.services.auth import UserInfo
from ui.forms import FieldErrors
from ui.tasks import TaskRunner, default_runner

translate = QCoreApplication.translate  # lupdate extracts translate("Context", "…")


class FormDialog(QDialog):
    """A form whose OK runs the service call `save()` returns on the runner; on a HallDeskError it
    stays open and marks the field."""

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.form = QFormLayout()
        self.errors = FieldErrors(QLabel())
        self.errors.general.setObjectName("message")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.errors.general)
        layout.addWidget(self.buttons)
        self.result_value: Any = None
        # OK calls `save()` on the GUI thread: it reads the fields and returns the task, the
        # service call with those values (`partial(admin.save_counter, db, actor, **values)`),
        # which runs on the runner. Widgets are never read from the runner's thread.
        self.save: Callable[[], Callable[[], Any]] = lambda: lambda: None
        self.runner: TaskRunner | None = None  # None: the context's (ui.tasks.default_runner)

    def add_field(self, name: str, label: str, widget: QWidget) -> QWidget:
        widget.setObjectName(name)
        error = QLabel()
        error.setObjectName(f"{name}_error")
        self.form.addRow(label, widget)
        self.form.addRow("", error)
        self.errors.add(name, widget, error)
        return widget

    def _save(self) -> None:
        """OK: `save` runs on the runner with OK busy; the dialog closes when it is done, or stays
        open with the refusal marked at its field."""
        self.errors.clear()
        try:
            task = self.save()  # here, on the GUI thread: reads the fields
        except HallDeskError as error:  # a check the form makes itself (two passwords differ)
            self.refused(error)
            return
        runner = self.runner or default_runner()
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        runner.operation(task, self._saved, self.refused, busy=ok)

    def _saved(self, value: Any) -> None:
        self.result_value = value
        self.accept()

    def refused(self, error: HallDeskError) -> None:
        self.errors.show(error)


class CheckList(QListWidget):
    """A list of checkable entries carrying data, optionally reorderable with buttons."""

    def set_entries(self, entries: Sequence[tuple[str, Any, bool]]) -> None:
        self.clear()
        for text, data, checked in entries:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, data)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.addItem(item)

    def checked_data(self) -> list[Any]:
        return [
            self.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        ]

    def set_checked(self, data: Any, checked: bool = True) -> None:
        for i in range(self.count()):
            if self.item(i).data(Qt.ItemDataRole.UserRole) == data:
                self.item(i).setCheckState(
                    Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
                )

    def move_current(self, step: int) -> None:
        row = self.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.count():
            return
        item = self.takeItem(row)
        self.insertItem(target, item)
        self.setCurrentRow(target)


class WeightPanel(QWidget):
    """One weight spin box per served category, in calling order, kept when a category is
    unchecked and checked again. Each is labelled with the category's prefix (the list above it
    names the categories; the full name is in the tooltip), so a row holds four. The spin box of
    category A is named `weight_A`."""

    COLUMNS = 4  # prefix + spin box pairs per row

    def __init__(self, weights: dict[int, int], parent: QWidget | None = None):
        super().__init__(parent)
        self._weights = dict(weights)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(6)
        self.spin_boxes: dict[int, QSpinBox] = {}

    def show_categories(self, entries: Sequence[tuple[int, str, str]]) -> None:
        """(category id, prefix, name) of the checked categories in calling order."""
        while self._grid.count():
            widget = self._grid.takeAt(0).widget()
            if widget is not None:
                widget.hide()  # at once; deleteLater waits for the event loop
                widget.deleteLater()
        self.spin_boxes = {}
        if not entries:
            empty = QLabel(self.tr("请先在上面勾选办理类别"))
            empty.setStyleSheet("color: #555;")
            self._add(empty, 0, 0, 1, -1)
            return
        low, high = WEIGHT_RANGE
        for i, (category_id, prefix, name) in enumerate(entries):
            spin = QSpinBox()
            spin.setObjectName(f"weight_{prefix}")
            spin.setAccessibleName(self.tr("{0} · {1} 的权重").format(prefix, name))
            spin.setToolTip(spin.accessibleName())
            spin.setRange(low, high)
            spin.setValue(self._weights.get(category_id, 1))
            spin.valueChanged.connect(lambda value, cid=category_id: self._set(cid, value))
            label = QLabel(prefix)
            label.setToolTip(f"{prefix} · {name}")
            label.setBuddy(spin)
            row, pair = divmod(i, self.COLUMNS)
            self._add(label, row, 3 * pair)
            self._add(spin, row, 3 * pair + 1)
            self.spin_boxes[category_id] = spin
        for pair in range(self.COLUMNS - 1):
            self._grid.setColumnMinimumWidth(3 * pair + 2, 10)  # a gap between the pairs
        self._grid.setColumnStretch(3 * self.COLUMNS, 1)

    def _add(self, widget: QWidget, row: int, column: int, *span: int) -> None:
        self._grid.addWidget(widget, row, column, *span)
        if self.isVisible():
            widget.show()  # at once, not when the event loop next runs

    def _set(self, category_id: int, value: int) -> None:
        self._weights[category_id] = value

    def weights(self, category_ids: Sequence[int]) -> dict[int, int]:
        return {cid: self._weights.get(cid, 1) for cid in category_ids}


def user_dialog(
    parent: QWidget,
    counters: Sequence[CounterInfo],
    user: UserInfo | None,
    save: Callable[[dict[str, Any]], Any],
) -> FormDialog:
    dialog = FormDialog(
        translate("AdminDialogs", "新建用户")
        if user is None
        else translate("AdminDialogs", "编辑用户 {0}").format(user.username),
        parent,
    )
    username = dialog.add_field(
        "username", translate("AdminDialogs", "用户名"), QLineEdit(user.username if user else "")
    )
    username.setEnabled(user is None)
    full_name = dialog.add_field(
        "full_name", translate("AdminDialogs", "姓名"), QLineEdit(user.full_name if user else "")
    )
    staff_no = dialog.add_field(
        "staff_no",
        translate("AdminDialogs", "工号"),
        QLineEdit((user.staff_no or "") if user else ""),
    )
    role = QComboBox()
    for r in Role:
        role.addItem(r.label, r)
    if user is not None:
        role.setCurrentIndex(role.findData(user.role))
    dialog.add_field("role", translate("AdminDialogs", "角色"), role)
    password = QLineEdit()
    password.setEchoMode(QLineEdit.EchoMode.Password)
    if user is None:
        dialog.add_field("password", translate("AdminDialogs", "初始密码"), password)
        password.setPlaceholderText(
            translate("AdminDialogs", "至少 8 位，含字母和数字；首次登录后须修改")
        )
    windows = CheckList()
    windows.set_entries(
        [
            (
                translate("AdminDialogs", "{0} 号 · {1}").format(c.number, c.name),
                c.number,
                bool(user and c.number in user.counter_numbers),
            )
            for c in counters
        ]
    )
    windows.setMinimumHeight(160)
    dialog.add_field("counters", translate("AdminDialogs", "可登录的窗口"), windows)

    dialog.save = lambda: save(
        {
            "username": username.text(),
            "full_name": full_name.text(),
            "staff_no": staff_no.text(),
            "role": role.currentData(),
            "password": password.text(),
            "counters": windows.checked_data(),
        }
    )
    return dialog


def password_dialog(parent: QWidget, username: str, save: Callable[[str], Any]) -> FormDialog:
    dialog = FormDialog(translate("AdminDialogs", "重置 {0} 的密码").format(username), parent)
    password = QLineEdit()
    password.setEchoMode(QLineEdit.EchoMode.Password)
    dialog.add_field("password", translate("AdminDialogs", "临时密码"), password)
    dialog.form.addRow(
        "", QLabel(translate("AdminDialogs", "用户下次登录时必须修改密码；账号同时解锁。"))
    )
    dialog.save = lambda: save(password.text())
    return dialog


def category_dialog(
    parent: QWidget, category: CategoryInfo | None, save: Callable[[dict[str, Any]], Any]
) -> FormDialog:
    dialog = FormDialog(
        translate("AdminDialogs", "新建业务类别")
        if category is None
        else translate("AdminDialogs", "编辑业务类别"),
        parent,
    )
    prefix = dialog.add_field(
        "prefix",
        translate("AdminDialogs", "号码前缀"),
        QLineEdit(category.prefix if category else ""),
    )
    prefix.setMaxLength(2)
    name = dialog.add_field(
        "name", translate("AdminDialogs", "名称"), QLineEdit(category.name if category else "")
    )
    name_en = dialog.add_field(
        "name_en",
        translate("AdminDialogs", "英文名称"),
        QLineEdit((category.name_en or "") if category else ""),
    )
    name_en.setPlaceholderText(
        translate("AdminDialogs", "取号机、大屏的英文界面用，可不填；例如 General Affairs")
    )
    description = dialog.add_field(
        "description",
        translate("AdminDialogs", "说明"),
        QLineEdit((category.description or "") if category else ""),
    )
    every_n = QSpinBox()
    every_n.setRange(1, 50)
    every_n.setValue(category.priority_every_n if category else 3)
    every_n.setSuffix(translate("AdminDialogs", " 个普通号后叫 1 个优先号"))
    dialog.add_field("priority_every_n", translate("AdminDialogs", "优先比例"), every_n)
    priority = QCheckBox(translate("AdminDialogs", "允许取优先号（绿色通道）"))
    priority.setChecked(category.priority_enabled if category else True)
    dialog.add_field("priority_enabled", "", priority)
    target = QSpinBox()
    target.setRange(1, 480)
    target.setSuffix(translate("AdminDialogs", " 分钟"))
    target.setValue(category.wait_target_minutes if category else 20)
    dialog.add_field("wait_target_minutes", translate("AdminDialogs", "等候目标"), target)
    avg = QDoubleSpinBox()
    avg.setRange(0.5, 240)
    avg.setDecimals(1)
    avg.setSuffix(translate("AdminDialogs", " 分钟"))
    avg.setValue(float(category.avg_service_minutes) if category else 8.0)
    dialog.add_field("avg_service_minutes", translate("AdminDialogs", "平均办理时长"), avg)
    digits = QSpinBox()
    digits.setRange(2, 4)
    digits.setValue(category.number_digits if category else 3)
    dialog.add_field("number_digits", translate("AdminDialogs", "号码位数"), digits)
    order = QSpinBox()
    order.setRange(0, 999)
    order.setValue(category.sort_order if category else 0)
    dialog.add_field("sort_order", translate("AdminDialogs", "排序"), order)
    active = QCheckBox(translate("AdminDialogs", "启用"))
    active.setChecked(category.active if category else True)
    dialog.add_field("active", "", active)

    dialog.save = lambda: save(
        {
            "prefix": prefix.text(),
            "name": name.text(),
            "name_en": name_en.text(),
            "description": description.text(),
            "priority_every_n": every_n.value(),
            "priority_enabled": priority.isChecked(),
            "wait_target_minutes": target.value(),
            "avg_service_minutes": Decimal(str(avg.value())),
            "number_digits": digits.value(),
            "sort_order": order.value(),
            "active": active.isChecked(),
        }
    )
    return dialog


def department_dialog(
    parent: QWidget, department: Any | None, save: Callable[[dict[str, Any]], Any]
) -> FormDialog:
    """A department and where its rejections and denials can be challenged."""
    dialog = FormDialog(
        translate("AdminDialogs", "新建部门")
        if department is None
        else translate("AdminDialogs", "部门与救济途径"),
        parent,
    )
    dialog.setMinimumWidth(560)
    name = dialog.add_field(
        "name",
        translate("AdminDialogs", "部门名称"),
        QLineEdit(department.name if department else ""),
    )
    if department is not None and department.items:
        name.setReadOnly(True)  # items name it by text: renamed in the catalog
    review = dialog.add_field(
        "review_body",
        translate("AdminDialogs", "行政复议机关"),
        QLineEdit((department.review_body or "") if department else ""),
    )
    review.setPlaceholderText(
        translate("AdminDialogs", "如 临江市人民政府；垂直管理部门填上一级主管部门")
    )
    court = dialog.add_field(
        "court",
        translate("AdminDialogs", "人民法院"),
        QLineEdit((department.court or "") if department else ""),
    )
    court.setPlaceholderText(translate("AdminDialogs", "如 临江市江滨区人民法院"))
    vertical = QCheckBox(translate("AdminDialogs", "垂直管理（如税务、海关）"))
    vertical.setChecked(department.vertical if department else False)
    dialog.add_field("vertical", "", vertical)
    note = QLabel(
        translate(
            "AdminDialogs",
            "不予受理通知书和不予许可等决定书会写明：申请人可自收到文书之日起六十日内向"
            "行政复议机关申请复议，或六个月内向人民法院起诉。未填写的部门不能作出这些决定。",
        )
    )
    note.setWordWrap(True)
    dialog.form.addRow(note)
    dialog.save = lambda: save(
        {
            "name": name.text(),
            "review_body": review.text(),
            "court": court.text(),
            "vertical": vertical.isChecked(),
        }
    )
    return dialog


def counter_dialog(
    parent: QWidget,
    categories: Sequence[CategoryInfo],
    counter: CounterInfo | None,
    save: Callable[[dict[str, Any]], Any],
) -> FormDialog:
    dialog = FormDialog(
        translate("AdminDialogs", "新建窗口")
        if counter is None
        else translate("AdminDialogs", "编辑 {0} 号窗口").format(counter.number),
        parent,
    )
    number = QSpinBox()
    number.setRange(1, 999)
    number.setValue(counter.number if counter else 1)
    dialog.add_field("number", translate("AdminDialogs", "窗口号"), number)
    name = dialog.add_field(
        "name", translate("AdminDialogs", "名称"), QLineEdit(counter.name if counter else "")
    )
    location = dialog.add_field(
        "location",
        translate("AdminDialogs", "位置（播报用）"),
        QLineEdit((counter.location or "") if counter else ""),
    )
    active = QCheckBox(translate("AdminDialogs", "启用"))
    active.setChecked(counter.active if counter else True)
    dialog.add_field("active", "", active)

    hints = {
        CallMode.ORDER: translate(
            "AdminDialogs", "先叫排在前面的类别，前面的类别没有人等候时才叫下一个类别。"
        ),
        CallMode.WEIGHTED: translate(
            "AdminDialogs", "各类别轮流叫号，按权重分配：权重 2 的类别叫到的号是权重 1 的两倍。"
        ),
        CallMode.FIFO: translate("AdminDialogs", "不分类别，本窗口所有类别中先取号的先叫。"),
    }
    mode = QComboBox()
    for value, label in CALL_MODE_LABELS.items():
        mode.addItem(label, value)
        mode.setItemData(mode.count() - 1, hints[value], Qt.ItemDataRole.ToolTipRole)
    mode.setCurrentIndex(mode.findData(counter.call_mode if counter else CallMode.ORDER))
    dialog.add_field("call_mode", translate("AdminDialogs", "叫号方式"), mode)
    hint = QLabel()
    hint.setObjectName("call_mode_hint")
    hint.setWordWrap(True)
    hint.setStyleSheet("color: #555;")
    dialog.form.insertRow(dialog.form.rowCount() - 1, "", hint)  # under the combo, above its error

    served = list(counter.category_ids) if counter else []
    ordered = sorted(
        categories,
        key=lambda c: (served.index(c.id) if c.id in served else len(served), c.sort_order),
    )
    lst = CheckList()
    lst.set_entries([(f"{c.prefix} · {c.name}", c.id, c.id in served) for c in ordered])
    lst.setMinimumHeight(180)
    up, down = (
        QPushButton(translate("AdminDialogs", "上移")),
        QPushButton(translate("AdminDialogs", "下移")),
    )
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(lst, 1)
    side = QVBoxLayout()
    side.addWidget(up)
    side.addWidget(down)
    side.addStretch(1)
    row.addLayout(side)
    dialog.add_field("categories", translate("AdminDialogs", "办理类别（按叫号顺序）"), box)
    dialog.category_list = lst  # type: ignore[attr-defined]

    weights = WeightPanel(dict(zip(served, counter.weights, strict=True)) if counter else {})
    dialog.add_field("weights", translate("AdminDialogs", "权重"), weights)
    by_id = {c.id: c for c in categories}

    def show_weights() -> None:
        weights.show_categories(
            [(cid, by_id[cid].prefix, by_id[cid].name) for cid in lst.checked_data()]
        )

    def show_mode() -> None:
        hint.setText(hints[mode.currentData()])
        mode.setToolTip(hints[mode.currentData()])
        weighted = mode.currentData() == CallMode.WEIGHTED
        weights.setEnabled(weighted)
        weights.setToolTip(
            "" if weighted else translate("AdminDialogs", "选择“按权重轮叫”后才能设置权重")
        )

    def move(step: int) -> None:
        lst.move_current(step)
        show_weights()

    up.clicked.connect(lambda: move(-1))
    down.clicked.connect(lambda: move(1))
    lst.itemChanged.connect(lambda _item: show_weights())
    mode.currentIndexChanged.connect(lambda _index: show_mode())
    show_weights()
    show_mode()

    dialog.save = lambda: save(
        {
            "number": number.value(),
            "name": name.text(),
            "location": location.text(),
            "active": active.isChecked(),
            "category_ids": lst.checked_data(),
            "call_mode": mode.currentData(),
            "weights": weights.weights(lst.checked_data()),
        }
    )
    return dialog


def change_password_dialog(
    parent: QWidget | None, username: str, save: Callable[[str, str], Any]
) -> FormDialog:
    """Asked right after login when an admin has reset the password (must_change_password)."""
    dialog = FormDialog(translate("AdminDialogs", "请修改密码"), parent)
    dialog.form.addRow(
        "",
        QLabel(
            translate("AdminDialogs", "{0}：您的密码由管理员重置，请设置新密码后继续。").format(
                username
            )
        ),
    )
    old = QLineEdit()
    new = QLineEdit()
    again = QLineEdit()
    for widget in (old, new, again):
        widget.setEchoMode(QLineEdit.EchoMode.Password)
    dialog.add_field("old_password", translate("AdminDialogs", "当前密码"), old)
    dialog.add_field("new_password", translate("AdminDialogs", "新密码"), new)
    dialog.add_field("new_password_again", translate("AdminDialogs", "再次输入新密码"), again)

    def run() -> Any:
        if new.text() != again.text():
            raise ValidationError(
                translate("AdminDialogs", "两次输入的新密码不一致"), field="new_password_again"
            )
        return save(old.text(), new.text())

    dialog.save = run
    return dialog
