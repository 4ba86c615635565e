"""The Chinese of every message code: the source language, what `error.message` says.

One entry per code, grouped by area; a template's named fields are the parameters its raise
sites pass (tests/app/test_messages.py checks both ways)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # Who may do what
    "access.only_roles": "只有{roles}可以进行此操作",
    "access.refused": "{caller}不能进行此操作：只有{allowed}可以。",
    # Settings file, environment and command line
    "settings.clock_offset_invalid": (
        "环境变量 {variable} 的值 {value!r} 不是 50 年以内的秒数；"
        "请写成数字（例如 -3600 表示慢一小时），或删除这个环境变量"
    ),
    "settings.database_url_backend": (
        "设置项 “database.url” 指向 {backend!r} 数据库，"
        "HallDesk 只支持 SQLite 和 PostgreSQL。"
        "请改为 sqlite:///文件路径 或 postgresql+psycopg://…"
    ),
    "settings.database_url_bad_port": (
        "设置项 “database.url” 的端口（服务器名后的数字）不是数字。"
        "请写成 postgresql+psycopg://用户名:密码@服务器:5432/halldesk"
    ),
    "settings.database_url_driver": (
        "设置项 “database.url” 使用驱动 {driver!r}；请改为 postgresql+psycopg://…"
    ),
    "settings.database_url_driver_unsupported": "设置项 “database.url”：不支持的驱动 {driver}",
    "settings.database_url_invalid": (
        "设置项 “database.url” 的值 {url!r} 不是有效的数据库地址。"
        "请写成 sqlite:///C:/HallDesk/halldesk.sqlite3 或 postgresql+psycopg://用户名:密码@服务器:5432/halldesk"
    ),
    "settings.database_url_no_sqlite_path": (
        "设置项 “database.url” 没有给出 SQLite 文件路径。请写成 sqlite:///完整路径/halldesk.sqlite3"
    ),
    "settings.file_missing": (
        "找不到设置文件 {path}。请检查 --config 或 HALLDESK_CONFIG 给出的路径。"
    ),
    "settings.file_not_toml": (
        "设置文件 {path} 不是有效的 TOML：{problem}。请修正该行（字符串要加引号，"
        '例如 url = "postgresql+psycopg://..."），或删除该文件以使用默认设置。'
    ),
    "settings.file_unreadable": (
        "无法读取设置文件 {path}：{problem}。请检查文件权限和编码（UTF-8）。"
    ),
    "settings.invalid": "{problems}",
    "settings.not_a_section": "设置项 {section} 不是一个分节，无法设置 {dotted}",
    "settings.program_role_invalid": (
        "设置项 “database.program_role” 的值 {name!r} 不是有效的角色名：请只用小写字母、"
        "数字和下划线，以字母开头，例如 halldesk_app"
    ),
    "settings.program_role_is_owner": (
        "database.program_role 是 {role}，但 {role} 正是连接数据库的所有者账号："
        "程序账号必须是另一个角色（见 README 的“PostgreSQL：两个账号”）"
    ),
    "settings.program_role_unsafe": (
        "不能把 {role} 设为 HallDesk 的程序账号（database.program_role）：{problems}"
    ),
    "settings.secret_in_file": (
        "设置文件 {path} 中不能写网上大厅密钥 “online_hall.app_secret”（设置文件不加密）。"
        "请删除这一行，把密钥放进环境变量 HALLDESK_ONLINE_HALL__APP_SECRET，"
        "或用 `halldesk forward --save-secret` 存入只有本账户能读的密钥文件。"
    ),
    # The command line
    "cli.bad_expect": "--expect {problem}",
    "cli.bad_start_date": "--from {start}：日期应写成 YYYY-MM-DD，例如 2026-12-04",
    "cli.negative_days": "--days 不能是负数",
    "cli.unreadable_file": "读不了文件 {file}：{problem}",
    # The database: reaching it, and when it stops answering
    "database.busy": (
        "数据库正忙（其他窗口正在处理同一笔数据），本次操作没有保存任何内容。"
        "请稍等片刻再试一次；如果反复出现，请联系技术支持。"
    ),
    "database.folder_not_writable": (
        "不能创建数据库文件夹 {folder}：{problem}。"
        "请在设置 database.url（或 --db）中改用一个可以写入的文件夹。"
    ),
    "database.unavailable_file": (
        "无法读写数据库文件，正在自动重试。已输入的内容不会丢失；"
        "请检查存放数据库的磁盘或共享文件夹是否可用、是否已满。"
    ),
    "database.unavailable_locked": (
        "数据库文件正被其他程序占用，正在自动重试。已输入的内容不会丢失；如果一直这样，"
        "请关闭打开了该数据库文件的其他程序，或联系技术支持。"
    ),
    "database.unavailable_server": (
        "无法连接数据库服务器，正在自动重试。已输入的内容不会丢失；如果几分钟后仍未恢复，"
        "请联系技术支持检查数据库服务器和网络。"
    ),
    "database.unreachable_file": (
        "无法连接数据库（{where}）：{reason}。请检查文件路径是否存在、是否有写权限、磁盘是否已满。"
    ),
    "database.unreachable_server": (
        "无法连接数据库（{where}）：{reason}。请检查：数据库服务器是否已启动、"
        "地址和端口是否正确、防火墙是否放行、"
        "用户名密码与数据库名是否正确（设置项 database.url 或环境变量 HALLDESK_DATABASE__URL）。"
    ),
    # Upgrading the database
    "migration.database_too_new": (
        "数据库（{database}）的结构版本 {current} 比本程序新，"
        "它是由更新版本的 HallDesk 写入的。请安装与大厅其他电脑相同或更新的 HallDesk 版本；"
        "不要用旧版本打开它。"
    ),
    "migration.failed": (
        "数据库（{database}）升级失败：{problem}。数据库已回滚到升级前的状态。"
        "{hint}请把这条信息交给技术支持。"
    ),
    "migration.program_role_cannot_upgrade": (
        "数据库（{database}）的结构是 {current}，本程序需要 {head}，"
        "但本电脑连接数据库用的账号 {user} 是程序账号，不能修改表结构。"
        "请管理员用数据库所有者的账号升级一次："
        "halldesk db upgrade --db postgresql+psycopg://所有者:密码@服务器:5432/数据库；"
        "之后各电脑即可照常启动。"
    ),
    # What the database can store
    "storable.bad_characters": "{label}里有不能保存的字符（空字符或残缺的字符）；请删去后重试",
    "storable.bad_characters_pasted": (
        "{label}里有不能保存的字符（空字符或残缺的字符），多半是复制粘贴带进来的；请删去后重试"
    ),
    "storable.too_long": "{label}最多 {max_length} 个字符，现在是 {length} 个；请删短后重试",
    # The hall
    "hall.case_number_rule_choices": "请选择办件编号规则：{choices}",
    "hall.missing": (
        "数据库里还没有大厅信息：请先用 --demo 载入示范大厅，或由系统管理员完成初始设置"
    ),
    "hall.missing_short": "数据库里还没有大厅信息",
    # Full-screen stations
    "station.exit_not_allowed": (
        "{full_name}（{role}）不能退出全屏：只有大厅管理员或系统管理员可以。"
        "请大厅管理员输入自己的用户名和密码。"
    ),
    # Logging in
    "login.account_disabled": "该账号已停用，请联系系统管理员",
    "login.locked": (
        "密码连续输错 {failures} 次，账号已锁定，请 {minutes} 分钟后再试，或请系统管理员解锁。"
    ),
    "login.manager_username_required": "请输入大厅管理员的用户名",
    "login.password_required": "请输入密码",
    "login.username_required": "请输入用户名",
    "login.wrong_password": "用户名或密码错误，再错 {left} 次账号将被锁定 5 分钟",
    # Passwords
    "password.needs_letters_and_digits": "密码需同时包含字母和数字",
    "password.old_wrong": "原密码不正确",
    "password.same_as_old": "新密码不能与原密码相同",
    "password.too_short": "密码至少 {min_length} 位，请设置更长的密码",
    # Users (system administration)
    "user.cannot_disable_self": "不能停用自己正在使用的账号",
    "user.cannot_drop_own_admin_role": "不能取消自己的系统管理员角色",
    "user.full_name_required": "请填写姓名",
    "user.missing": "用户不存在",
    "user.not_found": "该用户不存在（可能已被其他管理员修改），请刷新列表",
    "user.unknown_counters": "没有这些窗口：{numbers}，请刷新后重选",
    "user.username_format": "用户名为 2–32 位字母、数字、点、下划线或短横线，例如 zhang.san",
    "user.username_taken": "用户名 {username} 已被使用，请换一个",
    # Windows
    "counter.already_closed": "{counter} 号窗口已经关闭",
    "counter.already_open": "{counter} 号窗口已经开放",
    "counter.call_mode_choices": "叫号方式应为{choices}之一",
    "counter.call_with_current": (
        "请先处理当前的 {ticket} 号（开始办理后办结、过号、挂起或转移），再叫下一个"
    ),
    "counter.categories_required": "请至少选择一个该窗口办理的业务类别",
    "counter.category_gone": "所选业务类别已不存在，请刷新后重选",
    "counter.close_with_current": "请先处理当前的 {ticket} 号（办结、过号或转移），再关闭窗口",
    "counter.closed": "{counter} 号窗口已关闭，请先点“开放窗口”",
    "counter.no_such_number_ask_admin": "没有 {number} 号窗口，请检查窗口号或请系统管理员添加",
    "counter.not_assigned": (
        "您没有被分配到 {counter_number} 号窗口（可用窗口：{counters}），"
        "请选择其他窗口或联系系统管理员"
    ),
    "counter.not_found": "该窗口不存在",
    "counter.not_found_ask_admin": "该窗口不存在或已停用，请联系系统管理员",
    "counter.not_found_refresh": "该窗口不存在，请刷新",
    "counter.not_found_refresh_list": "该窗口不存在，请刷新列表",
    "counter.nothing_current": "本窗口当前没有正在呼叫或办理的号，请先叫号",
    "counter.number_taken": "已经有 {number} 号窗口了，请换一个窗口号",
    "counter.pause_reason_required": "暂停须说明原因，例如：临时离开、系统故障、业务培训",
    "counter.paused": "{counter} 号窗口已暂停（{reason}），请先点“恢复”",
    "counter.taken_by_other": (
        "{counter} 号窗口已由 {name} 在电脑 {computer} 上登录。可以选择“接管”结束那边的登录，"
        "或取消。"
    ),
    "counter.taken_by_self": (
        "您已在 {counter} 号窗口（电脑 {computer}）登录，一个人同一时间只能在一个窗口。"
        "可以选择“接管”结束那边的登录，或取消。"
    ),
    "counter.taken_just_now": "{counter} 号窗口刚刚被另一台电脑登录，请稍后重试或选择接管",
    # Queue categories
    "category.english_name_characters": (
        "英文名称只能用英文字母、数字、空格和常用标点，例如 General Affairs"
    ),
    "category.name_required": "请填写业务类别名称",
    "category.not_found_refresh": "该业务类别不存在，请刷新",
    "category.not_found_refresh_list": "该业务类别不存在，请刷新列表",
    "category.prefix_format": "号码前缀应为 1–2 个大写英文字母，例如 A",
    "category.prefix_taken": "号码前缀 {prefix} 已被使用，请换一个字母",
    "category.prefix_taken_by": "号码前缀 {prefix} 已被“{clash}”使用，请换一个字母",
    "category.service_minutes_not_number": "平均办理时长应为数字（分钟），例如 8 或 7.5",
    "category.service_minutes_range": "平均办理时长应在 0.5 到 240 分钟之间",
    # Tickets
    "ticket.action_not_allowed": "{ticket}当前状态为“{status}”，不能{what}。请刷新后再试。",
    "ticket.already_serving": "{ticket} 号已在办理中，无需重呼",
    "ticket.category_closed": "该业务类别已停用，请选择其他业务",
    "ticket.move_category_unavailable": "所选业务类别不存在或已停用",
    "ticket.move_only_waiting": "{ticket} 号当前状态为“{status}”，只有等候中的号可以移到其他队列",
    "ticket.move_same_category": "{ticket} 号已在“{category}”队列中",
    "ticket.not_found_refresh": "该号不存在，请刷新",
    "ticket.priority_not_offered": "“{category}”不设优先号",
    "ticket.priority_reason_required": "优先号须选择优先原因（军人、老年人、残疾人、孕妇等）",
    "ticket.void_reason_required": "作废须说明原因，例如：重复取号、误取号",
    # Calling
    "queue.call_conflict": "叫号冲突，请再点一次“叫号”",
    "queue.call_number_with_current": "请先处理当前的 {ticket} 号，再呼叫 {number}",
    "queue.nobody_waiting": "目前没有人在等候本窗口的业务（{categories}）。",
    "queue.not_held_here": "该号不在本窗口的挂起列表中，请刷新",
    "queue.number_called_elsewhere": "{number} 号刚刚已被其他窗口呼叫",
    "queue.number_required": "请输入要呼叫的号码，例如 A012",
    "queue.number_unknown_today": "今天没有 {number} 号，请核对号码",
    "queue.recall_held_with_current": "请先处理当前的 {ticket} 号，再回呼挂起的号",
    # Transfers
    "transfer.category_inactive": "所选业务类别已停用，不能转入",
    "transfer.category_no_open_window": (
        "“{category}”目前没有开放的窗口，不能转入；请转到具体窗口或稍后再转"
    ),
    "transfer.counter_closed": "{counter} 号窗口已关闭，不能转入",
    "transfer.no_such_counter": "没有 {counter} 号窗口",
    "transfer.same_counter": "不能转给本窗口",
    "transfer.target_required": "请选择转往的业务类别或窗口（二选一）",
    # Ratings
    "rating.already_rated": "该号已经评价过了",
    "rating.follow_up_done": "该差评已登记过整改回访",
    "rating.follow_up_only_negative": "只有“不满意”“非常不满意”的评价需要登记整改回访",
    "rating.follow_up_too_short": (
        "请写明整改和回复情况（至少 4 个字），例如：已电话回访申请人并说明…"
    ),
    "rating.not_found_refresh": "该评价不存在，请刷新",
    "rating.reasons_required": "请至少选择一项不满意的原因",
    "rating.ticket_not_found": "该号不存在",
    "rating.unknown_reasons": "未知的原因：{reasons}",
    # Typed text (app.domain.text)
    "text.invisible_characters": (
        "{label}里有看不见的字符（{shown}），多半是复制粘贴或扫码带进来的；请清空这一栏后重新输入"
    ),
    "text.name_dot_misplaced": "{label}的间隔号“·”应在姓名的两部分之间，如 阿卜杜拉·买买提；请核对",
    "text.name_has_digits": "{label}里有数字，请核对（证件号码填在证件号码栏）",
    "text.name_has_no_letters": "{label}里没有文字，请核对",
    "text.name_has_symbols": (
        "{label}里不能有 {characters}（符号或表情）；姓名只写文字，"
        "少数民族和外国人姓名各部分之间用间隔号“·”"
    ),
    "text.not_plain_digits": "{label}里的 {characters} 不是普通数字；请用数字键 0–9 重新输入",
    "text.not_text": "{label}应是文字",
    "text.organisation_name_has_symbols": (
        "{label}里不能有 {characters}（符号或表情）；请照营业执照上的名称填写"
    ),
    "text.private_use_characters": (
        "{label}里的 {characters} 是某些电脑自造的字（私用区），别的电脑、"
        "打印和网上大厅都显示不出来；请改用标准汉字输入，生僻字可用输入法的生僻字输入"
    ),
    "text.required": "请填写{label}",
    "text.too_long": "{label}最多 {max_length} 个字，现在是 {length} 个；请删短些",
    "text.whole_number_out_of_range": "{label}应为 {low}–{high} 的整数，现在是“{shown}”",
    # Identity documents (app.domain.validation)
    "id.control_characters": (
        "{label}里有看不见的控制字符（多半是扫码枪或复制粘贴带进来的）；请清空后重新输入"
    ),
    "id.foreign_permanent_format": (
        "{label}格式不对：应为 9 开头的 18 位（2023 年起的新证），"
        "或 3 位字母加 12 位数字（旧证，如 USA330106850110），现在是 {length} 位；"
        "请核对证件重新输入"
    ),
    "id.number_of_other_type": (
        "{label}以 {region} 开头，这是{belongs}的号码；请把证件类型选为{choose}"
    ),
    "id.officer_format": (
        "{label}{typed}：应照证件写全“部别 + 字第 + 数字 + 号”，如 南字第20123456号；"
        "请核对证件重新输入"
    ),
    "id.passport_bad_characters": (
        "{label}只能是字母和数字，不能含有 {characters}；请照护照资料页重新输入"
    ),
    "id.passport_format": (
        "{label}应为 5–17 位字母和数字（中国护照如 E12345678、EA1234567），{fault}；"
        "请照护照资料页重新输入"
    ),
    "id.permit_check_digit": (
        "{label}校验位不对：按前 17 位算，最后一位应为 {expected}，现在是 {typed}。请逐位核对证件"
    ),
    "id.permit_region_mismatch": (
        "{label}前 6 位应为 {regions}，现在是 {region}；内地居民的号码请把证件类型选为{choose}"
    ),
    "id.resident_bad_birth_date": (
        "{label}第 7–14 位是出生日期，{year}-{month}-{day} 不是真实的日期；请核对证件"
    ),
    "id.resident_bad_characters": (
        "{label}前 17 位只能是数字，最后一位是数字或字母 X；请核对证件重新输入"
    ),
    "id.resident_bad_region": (
        "{label}前 6 位是地区代码，{region} 不是有效的省级地区（开头 {province}）；请核对证件"
    ),
    "id.resident_born_in_future": "{label}中的出生日期 {birth} 在今天之后；请核对证件",
    "id.resident_born_too_early": "{label}中的出生日期 {birth} 早于 {earliest_year} 年；请核对证件",
    "id.resident_check_digit": (
        "{label}校验位不对：按前 17 位算，最后一位应为 {expected}，现在是 {typed}。"
        "多半是某一位输错了，请逐位核对证件"
    ),
    "id.resident_permit_region": (
        "{label}以 {province} 开头的应为港澳台居民居住证，前 6 位须是 {province}0000，"
        "现在是 {region}；请核对证件"
    ),
    "id.resident_wrong_length": "{label}应为 18 位，现在是 {length} 位；请核对证件重新输入",
    "id.too_long": "{label}最多 {max_length} 个字符，现在是 {length} 个；请核对",
    "id.uscc_bad_characters": (
        "{label}不能含有 {characters}（代码中不用字母 I、O、S、V、Z，也没有符号）；"
        "请对照营业执照重新输入"
    ),
    "id.uscc_check_digit": (
        "{label}校验位不对：按前 17 位算，最后一位应为 {expected}，现在是 {typed}。"
        "请逐位核对营业执照"
    ),
    "id.uscc_wrong_length": "{label}应为 18 位，现在是 {length} 位；请对照营业执照重新输入",
    "id.wrong_format": "{label}格式不对（现在是 {length} 位）：{hint}；请核对证件重新输入",
    # Phone numbers
    "phone.international_format": (
        "{label}格式不对：港澳台及境外号码应写成 + 国家或地区代码 + 号码，{example}"
    ),
    "phone.international_invalid": (
        "{label}不是有效的{where}号码（+{country_code} {national_number}）："
        "请核对位数和开头，{example}"
    ),
    "phone.international_is_landline": (
        "{label}栏填的是{where}的固定电话；请填写手机号码，固定电话填在“固定电话”栏"
    ),
    "phone.landline_format": "{label}格式不对：应为区号 + 7–8 位号码，如 0571-86000000",
    "phone.landline_is_mobile": "{label}栏填的是手机号码；请填在“手机号码”栏",
    "phone.landline_too_long": "{label}最多 {max_length} 个字符（含分机号），现在是 {length} 个",
    "phone.mobile_bad_characters": "{label}只能含数字（可带 +86、空格、短横线）",
    "phone.mobile_bad_start": "{label}应以 13–19 开头，现在是 {start}；请核对",
    "phone.mobile_is_landline": (
        "{label}栏填的是固定电话（{typed}）；请填写 11 位手机号码，固定电话填在“固定电话”栏"
    ),
    "phone.mobile_wrong_length": (
        "{label}应为 11 位，现在是 {length} 位；请核对后重新输入。"
        "港澳台及境外号码请在前面加国家或地区代码，如 +852 9123 4567"
    ),
    # Postcodes
    "postcode.format": "邮政编码应为 6 位数字",
    # Applicants
    "applicant.agent_id_type_person": "代理人是自然人，证件类型请选居民身份证、护照等",
    "applicant.agent_id_type_required": "请选择代理人证件类型",
    "applicant.contact_phone_required": "请填写联系手机（没有手机的填固定电话），用于通知办理结果",
    "applicant.id_type_required": "请选择证件类型",
    "applicant.kind_required": "请选择申请人类型",
    "applicant.organisation_id_type": "单位申请人的证件类型应为统一社会信用代码（或“其他”）",
    "applicant.person_with_uscc": "自然人的证件类型不能是统一社会信用代码；请选居民身份证、护照等",
    # Service items (事项目录)
    "item.implementation_code_taken": (
        "实施编码 {implementation_code} 已被另一个事项使用；实施编码不能重复"
    ),
    "item.not_found_choose_again": "该事项不存在，可能已被删除；请重新选择",
    "item.not_found_refresh": "该事项不存在，可能已被删除；请刷新",
    # Importing the catalogue of service items
    "catalog.import_cancelled": "导入已取消，没有导入任何内容",
    "catalog.import_problems": (
        "文件有 {total} 处问题，未导入任何内容。请改正后重新导入：\n{problems}"
    ),
    "catalog.import_problems_more": (
        "文件有 {total} 处问题，未导入任何内容。请改正后重新导入：\n{problems}\n……另有 {more} 处"
    ),
    "catalog.item_problem": "{problem}",
    # Departments and remedy bodies
    "department.court_required": "请填写人民法院的全称，例如：临江市江滨区人民法院",
    "department.deleted": "该部门已被删除，请刷新",
    "department.exists": "部门“{name}”已存在",
    "department.exists_edit": "部门“{name}”已存在，请直接修改",
    "department.invisible_characters": "{label}含有不可见字符，请重新输入",
    "department.name_in_use": (
        "事项目录中有事项使用这个部门名称，不能在这里改名；请在事项目录中修改实施部门"
    ),
    "department.name_required": "请填写部门名称，与事项目录中的实施部门一致",
    "department.too_long": "{label}最多 {max_length} 个字，请精简",
    # Working days and holidays
    "calendar.file_day_outside_year": "{day} 不在 {year} 年：一个文件只写一年的安排",
    "calendar.file_day_repeated": "第 {line} 行：{day} 重复出现",
    "calendar.file_kind_word": "第 {line} 行：日期后应写“休息”或“上班”，而不是“{word}”",
    "calendar.file_name_too_long": "第 {line} 行：名称最多 64 个字",
    "calendar.file_no_days": "文件里没有 {year} 年的任何日期",
    "calendar.file_not_a_date": (
        "第 {line} 行：“{text}”不是日期；每行应是“2027-02-05 休息 春节”这样的日期、休息或上班、名称"
    ),
    "calendar.file_note_too_long": "文号最多 200 个字",
    "calendar.file_workday_on_weekday": (
        "第 {line} 行：{day} 是星期{weekday}，本来就上班；调休上班日应是周六或周日"
    ),
    "calendar.file_year_missing": "请在文件开头写明年份，例如“年份 2027”",
    "calendar.file_year_not_digits": "第 {line} 行：年份应是四位数字，例如“年份 2027”",
    "calendar.kind_required": "请选择“法定节假日（休息）”或“调休上班日”",
    "calendar.name_too_long": "名称最多 64 个字，例如“春节”",
    "calendar.no_override": "{day} 没有节假日设置，无需删除",
    "calendar.note_too_long": "说明最多 200 个字，例如放假通知的文号",
    "calendar.workday_on_weekday": (
        "{day} 是星期{weekday}，本来就是工作日；调休上班日应是周六或周日"
    ),
    "calendar.year_built_in_confirm": "{year} 年的放假安排已在内置数据中，无需确认",
    "calendar.year_built_in_import": (
        "{year} 年的放假安排已在内置数据中，无需导入；个别日期可逐日更正"
    ),
    "calendar.year_empty": (
        "{year} 年还没有录入任何放假或调休日：请先按国务院办公厅的通知逐日录入，再确认"
    ),
    "calendar.year_not_confirmed": "{year} 年的放假安排本未确认",
    # Intake at the window
    "intake.deemed_accepted": (
        "收件后 5 个工作日内（至 {due:%Y-%m-%d}）未作决定，"
        "依法自收件之日（{received_on:%Y-%m-%d}）起视为受理，不能再{what}。"
        "请按“受理”登记并打印受理通知书"
    ),
    "intake.instant_needs_all_materials": "当场办结需要材料齐全，以下材料未收：{materials}",
    "intake.item_inactive": "事项“{item}”已停用，不能受理；请选择其他事项",
    "intake.item_not_found": "该事项不存在，请重新选择",
    "intake.item_required": "请选择办理的事项",
    "intake.material_copies_range": "第 {position} 项材料“{material}”已收，份数应为 1–999",
    "intake.material_defect_not_received": (
        "第 {position} 项材料“{material}”标为不符合要求，但未勾选已收：未交的材料按缺少告知补正"
    ),
    "intake.material_defect_too_long": (
        "第 {position} 项材料“{material}”的问题说明最多 {max_length} 个字"
    ),
    "intake.material_mode_invalid": (
        "第 {position} 项材料“{material}”的收取方式不对；请选原件、复印件或电子件"
    ),
    "intake.material_not_of_item": "材料“{material}”不属于事项“{item}”；请重新选择事项后勾选材料",
    "intake.materials_incomplete": (
        "以下材料未收齐或不符合要求：{names}。请一次性告知补正，或不予受理"
    ),
    "intake.not_instant": "“{item}”是{case_type}，不能当场办结；请受理后交后台办理",
    "intake.receipt_needs_material": "收件至少要收下一项材料：请勾选收到的材料（空格键）",
    "intake.required_materials_missing": (
        "以下必要材料未收：{materials}。请收齐后受理；或按 F8 一次性告知补正；"
        "或标记为容缺并签署承诺后容缺受理"
    ),
    "intake.ticket_missing": "关联的号票不存在；请从当前号重新开始受理",
    # Intake drafts
    "draft.needs_user": "草稿需要登录用户",
    # 容缺受理 (accepted with a material to follow)
    "gap.already_handed_in": "“{material}”已补交过",
    "gap.commitment_required": (
        "容缺受理需要申请人签署的承诺：请填写承诺内容（补交哪些材料、何时补交）"
    ),
    "gap.copies_range": "份数应为 1–999",
    "gap.due_after_promised": (
        "“{material}”的补交期限不能晚于承诺办结日期 {promised_date}：容缺材料补齐前不能办结"
    ),
    "gap.due_date_required": "请填写“{material}”的补交期限（不早于今天）",
    "gap.materials_required": "请勾选申请人补交的容缺材料",
    "gap.not_a_gap_material": "所选材料不是该办件的容缺材料；请刷新",
    "gap.not_allowed": (
        "{materials}不能容缺：本事项只允许{allowed}容缺；申请书和核心材料须当场收取。"
        "请收取这些材料，或一次性告知补正"
    ),
    "gap.nothing_received": "没有收到任何必要材料，不能容缺受理：请收取申请书等材料",
    # 补正 (materials to supplement)
    "supplement.copies_range": "“{material}”的份数应为 1–999",
    "supplement.deadline_passed": (
        "补正期限（{due:%Y-%m-%d}）已过，补交的材料不能按原申请受理。"
        "请选择“按新申请受理”（原申请终止，补交的材料和原已收材料作为新申请今天受理），"
        "或“终止办理”本申请并出具终止办理通知书"
    ),
    "supplement.due_date_required": "请填写申请人的补正期限（不早于今天）",
    "supplement.material_not_of_case": "补正的材料不属于该办件；请刷新",
    "supplement.mode_invalid": "“{material}”的收取方式不对；请选原件、复印件或电子件",
    "supplement.nothing_missing": "必要材料都已收齐且符合要求，无需补正；请直接受理",
    "supplement.renew_before_due": (
        "补正期限至 {due:%Y-%m-%d}，尚未届满：请按“补正已收”收下材料，按原申请受理"
    ),
    "supplement.renew_item_inactive": "事项“{item}”已停用，不能按新申请受理；请终止原申请",
    "supplement.renew_still_missing": (
        "按新申请受理需要材料齐全，以下材料仍未补正：{names}。请申请人补齐后再受理，或终止原申请"
    ),
    "supplement.still_missing": "以下材料仍未补正：{names}。补齐后才能受理",
    "supplement.terminate_before_due": (
        "补正期限{until}，期限届满前不能终止：申请人可以在期限内补正，也可以申请撤回"
    ),
    # 不予受理
    "rejection.competent_body_required": (
        "不属于本机关职权范围的，应告知申请人向哪个机关申请：请填写有权处理的机关"
    ),
    "rejection.ground_required": "请选择不予受理的情形",
    "rejection.reason_required": "请填写不予受理的理由（例如：不属于本机关职权范围）",
    # Cases
    "case.action_not_allowed": (
        "办件当前状态为“{status}”，不能“{action}”。请刷新后按办件当前状态操作。"
    ),
    "case.changed_by": (
        "该办件已被 {who} 于 {when} 修改（{what}，现在是“{status}”），请刷新后再操作。"
    ),
    "case.changed_meanwhile": "该办件刚被其他人修改过（现在是“{status}”），请刷新后再操作。",
    "case.material_defect_too_long": "“{material}”的问题说明最多 {max_length} 个字",
    "case.material_not_of_case": "材料不属于该办件；请刷新",
    "case.material_not_received": "“{material}”未收到：未交的材料按缺少告知，无需写明问题",
    "case.not_found_refresh": "找不到该办件，请刷新后重试",
    "case.not_found_search_again": "找不到该办件，请核对后重新查询",
    "case.number_too_long": (
        "按当前编号规则生成的办件编号 {case_no} 超过 50 位；请系统管理员更换编号规则"
    ),
    "case.reason_required": "请填写{action}的理由",
    # Case steps
    "step.name_required": "请填写环节名称，例如“审查”“决定”",
    "step.outcome_invalid": "处理结果应为通过、退回或其他",
    # Special procedures (行政许可法第四十五条)
    "special_procedure.days_required": (
        "请填写{procedure}预计需要的时间：1–{max_days} 个工作日（行政许可法第四十五条："
        "所需时间应当书面告知申请人）"
    ),
    "special_procedure.kind_required": "请选择特别程序：{procedures}",
    # Suspension
    "suspension.reason_required": "请填写中止的理由",
    # Extensions (行政许可法第四十二条)
    "extension.already_extended": (
        "办件 {case_no} 已经延长过一次（{extended_days} 个工作日），"
        "不能再延长（行政许可法第四十二条：延长以一次为限）"
    ),
    "extension.approver_name_too_long": "负责人姓名最多 {max_length} 个字",
    "extension.approver_required": (
        "请填写批准延长的本机关负责人姓名（行政许可法第四十二条：经本行政机关负责人批准）"
    ),
    "extension.approver_title_too_long": "负责人职务最多 {max_length} 个字",
    "extension.not_extendable": (
        "办件 {case_no} 的事项依法不能延长办理期限（事项目录中该事项的可延长时限为 0）。"
        "如法律另有规定，请系统管理员在事项目录中改正后再延长"
    ),
    "extension.period_over": (
        "办件 {case_no} 的法定办理期限已于 {deadline} 届满，不能再延长："
        "延长须在法定期限内经本行政机关负责人批准（行政许可法第四十二条）。请尽快作出决定，"
        "逾期情况将计入电子监察"
    ),
    "extension.reason_required": "延长办理期限须写明理由（将写入延期告知书告知申请人）",
    # Completion
    "completion.basis_article_32": (
        "行政许可法第三十二条是受理阶段（受理、补正、不予受理）的规定；"
        "{denied}请写明据以作出决定的法律法规条款，例如第三十八条第二款"
    ),
    "completion.denial_reason_required": "请填写{denied}的理由（申请人据此决定是否申请复议或起诉）",
    "completion.fee_negative": "收费金额不能为负数",
    "completion.fee_not_number": "收费金额应为数字，例如 0 或 12.50",
    "completion.gap_override_reason_required": (
        "容缺材料{names}尚未补交：请填写先行办结的理由（将记入审计日志）"
    ),
    "completion.gaps_open": (
        "容缺材料{names}尚未补交，不能准予办结。请先登记补交；确需先行办结的，"
        "由大厅负责人（管理员账号）填写理由后办结"
    ),
    "completion.result_required": "请选择办理结果：{granted}或{denied}",
    # Delivery
    "delivery.method_required": "请选择送达方式",
    "delivery.tracking_number_required": "邮寄送达请填写快递单号",
    # Decisions and their legal basis
    "decision.basis_article_32_too_broad": (
        "“行政许可法第三十二条”涵盖受理、补正和不予受理等所有情形，请写明具体的款和项，例如："
        "第三十二条第一款第二项"
    ),
    "decision.basis_needs_law_and_article": (
        "法律依据须写明法律法规名称（用书名号《》）和具体条款（第…条），例如："
        "《不动产登记暂行条例》第二十二条"
    ),
    "decision.basis_required": (
        "请填写法律依据，写明法律法规名称和条款，例如：《中华人民共和国行政许可法》第三十八条第二款"
    ),
    "decision.basis_too_long": "法律依据最多 {max_length} 个字，请精简",
    "decision.remedy_bodies_missing": (
        "{who}的{missing}尚未设置，不能作出“{decision}”："
        "文书必须写明申请人可以申请复议和起诉的机关。"
        "请管理员在“系统管理 → 部门与救济途径”中填写后再办理；已填写的内容会保留。"
    ),
    # Printed documents
    "document.checksum_mismatch": "文书 {document} 的存档内容与校验值不符，可能已被改动",
    "document.missing_glyphs": (
        "以下字符本机字体无法打印：{characters}。打印后请在纸上手写补全，"
        "或在设置 documents.fallback_fonts 中加入含这些字的字体。"
    ),
    "document.not_found": "找不到该文书",
    "document.print_missing": "找不到要打印的文书",
    "document.reprint_missing": "找不到要补打的文书，可能已被删除",
    "document.reprint_no_content": "该文书没有保存可重新生成的内容，无法补打；请重新办理打印",
    # Print jobs
    "print_job.already_cancelled": "该打印任务已放弃",
    "print_job.already_printed": "该打印任务已打印完成，不能放弃",
    "print_job.cancel_reason_required": (
        "请填写放弃打印的原因，例如：申请人已记下号码、已改用其他方式交付"
    ),
    "print_job.cancel_reason_too_long": (
        "放弃原因最多 {max_length} 个字，现在是 {length} 个；请写得简短些"
    ),
    "print_job.cannot_print": "该打印任务已{status}，不能再打印",
    "print_job.cannot_retry": "该打印任务已{status}，无需重试",
    "print_job.not_found": "找不到该打印任务",
    # Messages to the online hall
    "outbox.cannot_act": (
        "这条消息现在是“{status}”，不能{action}（可能已被其他管理员处理）。请刷新列表。"
    ),
    "outbox.discard_reason_required": "请写明放弃这条消息的原因",
    "outbox.message_not_found": "找不到网上大厅消息 {message_id}，可能已被删除",
    # Changes from the online hall
    "online_change.already_acknowledged": "这条网上变更已经确认过了",
    "online_change.not_found": "找不到网上变更 {change_id}",
    # The online hall's credentials
    "forwarding.app_id_missing": (
        "没有设置网上大厅应用编号 “online_hall.app_id”。请向省网上大厅索取 app id，"
        "写入设置文件的 [online_hall] 分节或环境变量 HALLDESK_ONLINE_HALL__APP_ID。"
    ),
    "forwarding.endpoint_missing": (
        "没有设置网上大厅地址 “online_hall.endpoint”。"
        '请在设置文件的 [online_hall] 分节写 endpoint = "https://…"，'
        "或设置环境变量 HALLDESK_ONLINE_HALL__ENDPOINT。"
    ),
    "forwarding.secret_empty": "密钥不能为空。",
    "forwarding.secret_file_empty": "网上大厅密钥文件 {path} 是空的。请重新保存密钥。",
    "forwarding.secret_file_readable_by_others": (
        "网上大厅密钥文件 {path} 的权限是 {filemode}，其他用户也能读取。"
        "请执行 chmod 600 {path}，或用 `halldesk forward --save-secret` 重新保存。"
    ),
    "forwarding.secret_file_unreadable": "无法读取密钥文件 {path}：{problem}",
    "forwarding.secret_missing": (
        "没有网上大厅密钥：请设置环境变量 {variable}，"
        "或执行 `halldesk forward --save-secret` 把密钥存入 {path}。"
    ),
    "forwarding.stored_secret_unreadable": "无法读取网上大厅密钥文件 {path}：{problem}",
    "forwarding.token_file_empty": "令牌文件 {path} 是空的",
    "forwarding.token_file_unreadable": "无法读取令牌文件 {path}：{problem}",
    # The program itself
    "program.unexpected": (
        "操作没有完成：程序出现了意外错误（已记入日志）。请重试；如果反复出现，请联系技术支持。"
    ),
    # The printed queue ticket's fixed words
    "paper.estimated_wait": "预计等待约 {minutes} 分钟",
    "paper.issued_at": "取号时间：{time}",
    "paper.people_ahead": "您前面还有 {count} 人在等待",
    "paper.priority": "绿色通道 · {reason}",
    "paper.qr_caption": "扫码查看排队进度",
    "paper.reprint": "【补打】{time}",
    "paper.title": "排队号票 {number}",
    "paper.your_number": "您的号码",
}
