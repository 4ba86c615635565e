<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AdminDialogs</name>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="204"/>
        <source>新建用户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="206"/>
        <source>编辑用户 {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="210"/>
        <source>用户名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="214"/>
        <source>姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="218"/>
        <source>工号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="226"/>
        <source>角色</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="230"/>
        <source>初始密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="232"/>
        <source>至少 8 位，含字母和数字；首次登录后须修改</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="238"/>
        <source>{0} 号 · {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="246"/>
        <source>可登录的窗口</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="262"/>
        <source>重置 {0} 的密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="265"/>
        <source>临时密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="267"/>
        <source>用户下次登录时必须修改密码；账号同时解锁。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="277"/>
        <source>新建业务类别</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="279"/>
        <source>编辑业务类别</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="284"/>
        <source>号码前缀</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="289"/>
        <location filename="../../ui/widgets/admin_dialogs.py" line="425"/>
        <source>名称</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="293"/>
        <source>英文名称</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="297"/>
        <source>取号机、大屏的英文界面用，可不填；例如 General Affairs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="301"/>
        <source>说明</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="307"/>
        <source> 个普通号后叫 1 个优先号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="308"/>
        <source>优先比例</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="309"/>
        <source>允许取优先号（绿色通道）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="314"/>
        <location filename="../../ui/widgets/admin_dialogs.py" line="320"/>
        <source> 分钟</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="316"/>
        <source>等候目标</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="322"/>
        <source>平均办理时长</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="326"/>
        <source>号码位数</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="330"/>
        <source>排序</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="331"/>
        <location filename="../../ui/widgets/admin_dialogs.py" line="432"/>
        <source>启用</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="358"/>
        <source>新建部门</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="360"/>
        <source>部门与救济途径</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="366"/>
        <source>部门名称</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="373"/>
        <source>行政复议机关</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="377"/>
        <source>如 临江市人民政府；垂直管理部门填上一级主管部门</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="381"/>
        <source>人民法院</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="384"/>
        <source>如 临江市江滨区人民法院</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="385"/>
        <source>垂直管理（如税务、海关）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="389"/>
        <source>不予受理通知书和不予许可等决定书会写明：申请人可自收到文书之日起六十日内向行政复议机关申请复议，或六个月内向人民法院起诉。未填写的部门不能作出这些决定。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="415"/>
        <source>新建窗口</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="417"/>
        <source>编辑 {0} 号窗口</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="423"/>
        <source>窗口号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="429"/>
        <source>位置（播报用）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="437"/>
        <source>先叫排在前面的类别，前面的类别没有人等候时才叫下一个类别。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="440"/>
        <source>各类别轮流叫号，按权重分配：权重 2 的类别叫到的号是权重 1 的两倍。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="443"/>
        <source>不分类别，本窗口所有类别中先取号的先叫。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="450"/>
        <source>叫号方式</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="466"/>
        <source>上移</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="467"/>
        <source>下移</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="478"/>
        <source>办理类别（按叫号顺序）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="482"/>
        <source>权重</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="496"/>
        <source>选择“按权重轮叫”后才能设置权重</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="528"/>
        <source>请修改密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="532"/>
        <source>{0}：您的密码由管理员重置，请设置新密码后继续。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="542"/>
        <source>当前密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="543"/>
        <source>新密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="544"/>
        <source>再次输入新密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="549"/>
        <source>两次输入的新密码不一致</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AdminWindow</name>
    <message>
        <location filename="../../ui/windows/admin.py" line="107"/>
        <source>已停用</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="109"/>
        <source>已锁定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="110"/>
        <source>正常</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="121"/>
        <source>用户名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="122"/>
        <source>姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="123"/>
        <source>工号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="124"/>
        <source>角色</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="125"/>
        <source>状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="126"/>
        <source>可登录窗口</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="130"/>
        <source>新建用户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="131"/>
        <source>编辑 / 分配窗口</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="132"/>
        <source>停用 / 启用</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="133"/>
        <source>重置密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="134"/>
        <source>解锁</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="136"/>
        <location filename="../../ui/windows/admin.py" line="216"/>
        <location filename="../../ui/windows/admin.py" line="375"/>
        <location filename="../../ui/windows/admin.py" line="402"/>
        <location filename="../../ui/windows/admin.py" line="409"/>
        <location filename="../../ui/windows/admin.py" line="421"/>
        <source>用户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="140"/>
        <source>窗口号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="141"/>
        <location filename="../../ui/windows/admin.py" line="158"/>
        <source>名称</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="142"/>
        <source>位置</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="143"/>
        <source>办理类别（叫号顺序）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="144"/>
        <source>叫号方式</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="145"/>
        <source>工作人员</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="146"/>
        <location filename="../../ui/windows/admin.py" line="175"/>
        <source>启用</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="146"/>
        <location filename="../../ui/windows/admin.py" line="175"/>
        <location filename="../../ui/windows/admin.py" line="190"/>
        <source>是</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="146"/>
        <location filename="../../ui/windows/admin.py" line="175"/>
        <source>否</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="150"/>
        <source>新建窗口</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="151"/>
        <source>编辑窗口</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="153"/>
        <location filename="../../ui/windows/admin.py" line="447"/>
        <source>窗口</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="157"/>
        <source>前缀</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="159"/>
        <source>英文名称</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="161"/>
        <source>优先比例</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="163"/>
        <source>每 {0} 普通 : 1 优先</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="165"/>
        <source>不设优先</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="169"/>
        <source>等候目标</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="169"/>
        <location filename="../../ui/windows/admin.py" line="173"/>
        <source>{0} 分钟</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="172"/>
        <source>平均办理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="176"/>
        <source>说明</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="180"/>
        <source>新建类别</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="181"/>
        <source>编辑类别</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="183"/>
        <location filename="../../ui/windows/admin.py" line="470"/>
        <source>业务类别</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="187"/>
        <location filename="../../ui/windows/admin.py" line="494"/>
        <source>部门</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="188"/>
        <source>行政复议机关</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="188"/>
        <location filename="../../ui/windows/admin.py" line="189"/>
        <source>（未设置）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="189"/>
        <source>人民法院</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="190"/>
        <source>垂直管理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="191"/>
        <source>事项数</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="195"/>
        <source>新建部门</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="197"/>
        <source>设置复议机关与法院</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="203"/>
        <source>部门与救济途径</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="208"/>
        <source>事项目录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="211"/>
        <source>大厅设置</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="215"/>
        <source>时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="217"/>
        <source>电脑</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="218"/>
        <source>操作</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="219"/>
        <source>对象</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="220"/>
        <source>修改前</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="221"/>
        <source>修改后</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="227"/>
        <source>按用户名筛选</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="230"/>
        <source>刷新</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="232"/>
        <source>校验完整性</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="239"/>
        <source>审计日志（只读）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="271"/>
        <source>{0} 个部门未设置复议机关或法院，这些部门的事项不能作出不予受理、不予许可决定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="289"/>
        <source>无法完成</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="300"/>
        <source>正在校验审计日志的哈希链……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="310"/>
        <source>完整：共 {0} 条，哈希链没有断开。链头 {1}:{2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="317"/>
        <source>id {0}，时间 {1}：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="322"/>
        <source>断开（{0}）：{1}{2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="346"/>
        <source>请先选择</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/admin.py" line="346"/>
        <source>请先在列表中选择一个{0}。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AlertsPanel</name>
    <message>
        <location filename="../../ui/widgets/manager_alerts.py" line="29"/>
        <source>类型</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_alerts.py" line="30"/>
        <source>内容</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_alerts.py" line="31"/>
        <source>开始</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_alerts.py" line="33"/>
        <source>结束</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_alerts.py" line="34"/>
        <source>持续中</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_alerts.py" line="36"/>
        <source>持续</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_alerts.py" line="44"/>
        <source>今天出现过的告警：等候超过目标、有人等候却没有开放窗口、窗口暂停超过时限。红色为仍在持续的告警。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Application</name>
    <message>
        <location filename="../../ui/application.py" line="242"/>
        <source>数据库里还没有大厅信息。第一次使用请加 --demo 载入示范大厅，或由系统管理员导入本大厅的资料。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BoardWindow</name>
    <message>
        <location filename="../../ui/windows/board.py" line="129"/>
        <location filename="../../ui/windows/board.py" line="246"/>
        <source>叫号大屏</source>
        <translation>Calling Board</translation>
    </message>
    <message>
        <location filename="../../ui/windows/board.py" line="143"/>
        <location filename="../../ui/windows/board.py" line="247"/>
        <source>叫号信息暂时无法更新，正在恢复</source>
        <translation>Calls cannot be updated right now; recovering</translation>
    </message>
    <message>
        <location filename="../../ui/windows/board.py" line="155"/>
        <location filename="../../ui/windows/board.py" line="249"/>
        <source>请留意叫号</source>
        <translation>Please watch for your number</translation>
    </message>
    <message>
        <location filename="../../ui/windows/board.py" line="167"/>
        <location filename="../../ui/windows/board.py" line="250"/>
        <source>最近呼叫</source>
        <translation>Recent calls</translation>
    </message>
    <message>
        <location filename="../../ui/windows/board.py" line="242"/>
        <source>请按号码顺序等候叫号，过号无效，请重新取号。军人、老年人、残疾人、孕妇可取优先号。</source>
        <translation>Please wait for your number to be called. A missed number is void; please take a new ticket. Service members, senior citizens, persons with disabilities and pregnant women may take a priority ticket.</translation>
    </message>
    <message>
        <location filename="../../ui/windows/board.py" line="324"/>
        <source>请到 {0} 号窗口</source>
        <translation>Please go to window {0}</translation>
    </message>
    <message>
        <location filename="../../ui/windows/board.py" line="329"/>
        <source>{0} → {1} 号窗口</source>
        <translation>{0} → window {1}</translation>
    </message>
</context>
<context>
    <name>CalendarDialog</name>
    <message>
        <location filename="../../ui/widgets/calendar_dialog.py" line="42"/>
        <source>星期一</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/calendar_dialog.py" line="43"/>
        <source>星期二</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/calendar_dialog.py" line="44"/>
        <source>星期三</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/calendar_dialog.py" line="45"/>
        <source>星期四</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/calendar_dialog.py" line="46"/>
        <source>星期五</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/calendar_dialog.py" line="47"/>
        <source>星期六</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/calendar_dialog.py" line="48"/>
        <source>星期日</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/calendar_dialog.py" line="57"/>
        <source>节假日设置</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/calendar_dialog.py" line="72"/>
        <location filename="../../ui/widgets/calendar_dialog.py" line="108"/>
        <source>日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/calendar_dialog.py" line="74"/>
        <source>星期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/calendar_dialog.py" line="79"/>
        <location filename="../../ui/widgets/calendar_dialog.py" line="109"/>
        <source>类型</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/calendar_dialog.py" line="80"/>
        <location filename="../../ui/widgets/calendar_dialog.py" line="110"/>
        <source>名称</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/calendar_dialog.py" line="103"/>
        <source>例如：春节、国庆节调休</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/calendar_dialog.py" line="117"/>
        <source>保存这一天</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/calendar_dialog.py" line="120"/>
        <source>删除这一天的设置</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/calendar_dialog.py" line="123"/>
        <source>从文件导入放假安排…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/calendar_dialog.py" line="132"/>
        <source>关闭</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/calendar_dialog.py" line="136"/>
        <source>年份</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/calendar_dialog.py" line="173"/>
        <source>撤销对 {0} 年放假安排的确认</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/calendar_dialog.py" line="175"/>
        <source>确认 {0} 年放假安排已完整录入</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/calendar_dialog.py" line="177"/>
        <source>{0} 年：{1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/calendar_dialog.py" line="207"/>
        <source>确认 {0} 年放假安排</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/calendar_dialog.py" line="209"/>
        <source>确认已按国务院办公厅的通知录入 {0} 年全部放假和调休日期。
通知文号（可不填）：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/calendar_dialog.py" line="231"/>
        <source>选择放假安排文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/calendar_dialog.py" line="231"/>
        <source>文本文件 (*.txt);;所有文件 (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/calendar_dialog.py" line="238"/>
        <source>读不了文件 {0}：{1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/calendar_dialog.py" line="268"/>
        <source>已导入 {0} 年放假安排，尚未确认。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/calendar_dialog.py" line="274"/>
        <source>{0} 年没有在办办件的期限因此改变。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/calendar_dialog.py" line="277"/>
        <source>已按 {0} 年放假安排重新计算 {1} 件在办办件的期限：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/calendar_dialog.py" line="281"/>
        <source>{0} {1}（{2}）：法定期限 {3} → {4}，承诺 {5} → {6}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/calendar_dialog.py" line="292"/>
        <source>……共 {0} 件，详见审计日志</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CallNumberDialog</name>
    <message>
        <location filename="../../ui/widgets/queue_dialogs.py" line="91"/>
        <source>指定叫号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/queue_dialogs.py" line="94"/>
        <source>例如 A012</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/queue_dialogs.py" line="95"/>
        <source>号码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/queue_dialogs.py" line="99"/>
        <source>请输入要呼叫的号码，例如 A012</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CancelJobDialog</name>
    <message>
        <location filename="../../ui/widgets/print_jobs.py" line="84"/>
        <location filename="../../ui/widgets/print_jobs.py" line="101"/>
        <source>放弃打印</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/print_jobs.py" line="87"/>
        <source>放弃打印 {0} {1}。请写明原因（例如：申请人已记下号码；已改为电子送达）：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/print_jobs.py" line="102"/>
        <source>返回</source>
        <translation type="unfinished">Back</translation>
    </message>
</context>
<context>
    <name>CaseActions</name>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="133"/>
        <location filename="../../ui/widgets/case_actions.py" line="779"/>
        <source>开始办理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="135"/>
        <source>承办人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="143"/>
        <source>记录办理环节</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="143"/>
        <source>记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="145"/>
        <source>环节名称</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="146"/>
        <source>例如：审查、决定、现场核查</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="148"/>
        <source>处理结果</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="150"/>
        <source>经办人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="152"/>
        <source>办理意见</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="170"/>
        <source>进入特别程序</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="171"/>
        <source>开始特别程序</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="176"/>
        <source>听证、招标、拍卖、检验、检测、检疫、鉴定和专家评审所需时间不计入办理期限，办理期限从今天起暂停；所需时间将以特别程序告知书书面告知申请人。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="185"/>
        <location filename="../../ui/widgets/case_actions.py" line="788"/>
        <source>特别程序</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="187"/>
        <source>事由</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="190"/>
        <source> 个工作日</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="192"/>
        <source>请填写</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="193"/>
        <source>预计所需时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="206"/>
        <source>预计 {0} 结束（{1}年{2}月{3}日）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="232"/>
        <source>特别程序结束</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="233"/>
        <location filename="../../ui/widgets/case_actions.py" line="794"/>
        <source>结束特别程序</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="237"/>
        <source>结论</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="254"/>
        <location filename="../../ui/widgets/case_actions.py" line="689"/>
        <location filename="../../ui/widgets/case_actions.py" line="735"/>
        <source>理由</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="266"/>
        <source>延长办理期限</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="266"/>
        <source>延长</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="271"/>
        <source>法定办结日期 {0}，承诺办结日期 {1}。经本机关负责人批准，可延长 {2} 个工作日，以一次为限；须在法定期限届满前（含届满当日）决定。延期告知书将打印交申请人。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="276"/>
        <source>本事项依法不能延长办理期限（事项目录中可延长时限为 0）。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="281"/>
        <source>延长理由</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="283"/>
        <source>写明不能在法定期限内作出决定的原因，将告知申请人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="285"/>
        <source>批准负责人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="286"/>
        <source>批准延长的本机关负责人姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="287"/>
        <source>负责人职务</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="288"/>
        <source>如：局长、副局长（印在延期告知书上）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="303"/>
        <location filename="../../ui/widgets/case_actions.py" line="809"/>
        <source>恢复办理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="307"/>
        <source>办件自 {0} 中止；恢复后办理期限继续计算，承诺办结日期顺延。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="322"/>
        <location filename="../../ui/widgets/case_actions.py" line="815"/>
        <source>办结</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="326"/>
        <source>办理结果</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="335"/>
        <source>证照名称</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="338"/>
        <source>证照编号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="340"/>
        <source>收费金额（元）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="341"/>
        <source>不收费留空或填 0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="343"/>
        <source>{0}理由</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="345"/>
        <source>每条理由一行，写明不符合的条件、标准</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="346"/>
        <location filename="../../ui/widgets/case_actions.py" line="691"/>
        <source>法律依据</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="348"/>
        <source>法律法规名称和条款，如《中华人民共和国行政许可法》第三十八条第二款</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="352"/>
        <source>办结人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="356"/>
        <source>结果送达</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="357"/>
        <source>结果邮寄给申请人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="363"/>
        <source>容缺材料{0}尚未补交，不能准予办结。请先“容缺补交”；确需先行办结的，由大厅负责人（管理员账号）填写理由。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="373"/>
        <source>先行办结理由</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="404"/>
        <location filename="../../ui/widgets/case_actions.py" line="818"/>
        <source>送达</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="406"/>
        <source>送达方式</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="410"/>
        <source>快递单号 / 说明</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="411"/>
        <source>邮寄送达必填快递单号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="435"/>
        <source>补正期限已过：按新申请受理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="436"/>
        <source>按新申请受理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="442"/>
        <source>补正期限 {0:%Y-%m-%d} 已过，补交的材料不能按原申请受理。按新申请受理：原申请终止，原已收材料和今天补交的材料作为新申请，今天受理（新的办件编号和查询密码，打印新的受理通知书）。不按新申请办理的，请取消并选“终止办理”。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="449"/>
        <source>补正材料已收</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="450"/>
        <source>收齐并受理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="456"/>
        <source>勾选申请人补交的材料（空格键勾选）。收齐全部必要材料后办件自今天起受理。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="467"/>
        <source>不符合要求：{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="470"/>
        <source>必要</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="470"/>
        <source>可选</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="480"/>
        <location filename="../../ui/widgets/case_actions.py" line="541"/>
        <source>补交材料</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="482"/>
        <location filename="../../ui/widgets/case_actions.py" line="543"/>
        <source>收取方式</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="518"/>
        <source>容缺材料补交</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="518"/>
        <source>登记补交</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="521"/>
        <source>勾选申请人补交的容缺材料（空格键勾选）。容缺材料全部补齐后才能准予办结。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="531"/>
        <source>，{0} 前补交</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="535"/>
        <source>{0}（容缺{1}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="568"/>
        <source>收件后 5 个工作日内（至 {0:%Y-%m-%d}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="570"/>
        <source>收件后 5 个工作日内</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="577"/>
        <location filename="../../ui/widgets/case_actions.py" line="760"/>
        <source>受理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="581"/>
        <source>{0}未作决定：依法自收件之日（{1:%Y-%m-%d}）起视为受理，办理期限从收件之日起计算。确定后登记受理并打印受理通知书。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="589"/>
        <source>材料齐全、符合法定形式的，自今天起受理。本机关须于{0}作出决定。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="611"/>
        <source>一次性告知补正</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="612"/>
        <location filename="../../ui/widgets/case_actions.py" line="766"/>
        <source>告知补正</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="618"/>
        <source>本机关须于{0}告知；申请人的补正期限另行确定，默认 {1} 个工作日。未收到的必要材料自动列入告知书；已收但不符合要求的，在下面写明问题（不写即为符合要求）。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="626"/>
        <source>未收到的必要材料：{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="627"/>
        <source>无</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="637"/>
        <source>符合要求；不符合的写明问题，如：未加盖公章</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="641"/>
        <source>申请人补正期限</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="675"/>
        <location filename="../../ui/widgets/case_actions.py" line="770"/>
        <source>不予受理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="680"/>
        <source>本机关须于{0}作出决定；逾期视为受理，不能再不予受理。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="686"/>
        <source>不予受理情形</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="690"/>
        <source>有权处理的机关</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="697"/>
        <source>不予受理的理由</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="700"/>
        <source>法律法规名称和条款，如《不动产登记暂行条例》第二十二条</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="723"/>
        <location filename="../../ui/widgets/case_actions.py" line="775"/>
        <source>终止办理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="728"/>
        <source>补正期限 {0:%Y-%m-%d} 已过，申请人未补正全部材料。终止后办件结束，打印终止办理通知书（列明未补正的材料、理由和复议、诉讼途径），申请人可以重新申请。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="733"/>
        <source>申请人未补正全部材料。终止后办件结束，打印终止办理通知书。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="738"/>
        <source>不填即为：申请人未在补正期限（{0}年{1}月{2}日前）内补正全部材料</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="743"/>
        <source>法律依据（可不填）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="745"/>
        <source>有明确依据的写明法规名称和条款</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="754"/>
        <source>补正已收</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="781"/>
        <source>记录环节</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="783"/>
        <source>容缺补交</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="800"/>
        <location filename="../../ui/widgets/case_actions.py" line="803"/>
        <source>中止</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="802"/>
        <source>中止办理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="805"/>
        <source>中止期间办理期限暂停计算。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="812"/>
        <source>延长期限</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="823"/>
        <location filename="../../ui/widgets/case_actions.py" line="826"/>
        <source>撤回</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="825"/>
        <source>申请人撤回</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="828"/>
        <source>撤回后办件终止，不能恢复。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="834"/>
        <location filename="../../ui/widgets/case_actions.py" line="837"/>
        <source>作废</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="836"/>
        <source>作废办件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="839"/>
        <source>仅用于误录的办件；作废后不能恢复。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_actions.py" line="863"/>
        <source>补正期限 {0:%Y-%m-%d} 届满后才能终止</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CasePrinting</name>
    <message>
        <location filename="../../ui/widgets/case_printing.py" line="60"/>
        <source>{0}：已打印，{1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_printing.py" line="64"/>
        <source>{0}：已打印</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_printing.py" line="66"/>
        <source>{0}：未打印（{1}），已留在“未完成的打印”中</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_printing.py" line="69"/>
        <source>{0}：未打印，已留在“未完成的打印”中</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_printing.py" line="159"/>
        <source>通知书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_printing.py" line="160"/>
        <location filename="../../ui/widgets/case_printing.py" line="175"/>
        <source>未能生成：{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_printing.py" line="174"/>
        <source>告知书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_printing.py" line="191"/>
        <source>有无法打印的字符，已取消打印</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_printing.py" line="204"/>
        <location filename="../../ui/widgets/case_printing.py" line="224"/>
        <source>未能存档：{0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CaseSearchDialog</name>
    <message>
        <location filename="../../ui/widgets/case_search.py" line="265"/>
        <source>查询办件</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CaseSearchWidget</name>
    <message>
        <location filename="../../ui/widgets/case_search.py" line="97"/>
        <source>扫描或输入办件编号，或输入证件号码、手机号码、申请人姓名开头，按回车查询</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_search.py" line="102"/>
        <source>全部状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_search.py" line="106"/>
        <source>查询</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_search.py" line="108"/>
        <source>打开</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_search.py" line="172"/>
        <source>没有找到“{0}”的办件；请核对办件编号、证件号码、手机号码或姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_search.py" line="176"/>
        <source>还没有办件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_search.py" line="180"/>
        <source>找到很多办件，只显示最新 {0} 件；请输入更完整的条件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_search.py" line="183"/>
        <source>找到 {0} 件</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CaseView</name>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="96"/>
        <source>理由</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="97"/>
        <source>特别程序</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="98"/>
        <source>结果</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="99"/>
        <source>送达方式</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="100"/>
        <location filename="../../ui/widgets/case_view.py" line="330"/>
        <source>承诺办结日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="101"/>
        <source>延长工作日</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="102"/>
        <source>补交材料</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="103"/>
        <source>容缺材料</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="104"/>
        <source>受理决定期限</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="105"/>
        <source>新办件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="106"/>
        <source>原办件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="110"/>
        <source>准予办理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="111"/>
        <source>不予办理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="112"/>
        <source>窗口领取</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="113"/>
        <source>邮寄送达</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="114"/>
        <source>电子送达</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="136"/>
        <source>未开启转发</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="143"/>
        <source>（已试 {0} 次）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="171"/>
        <source> 经办：{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="173"/>
        <source>；意见：{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="175"/>
        <source>；预计 {0} 结束（{1} 个工作日）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="179"/>
        <source>；至 {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="183"/>
        <source>；{0}{1}批准，延长 {2} 个工作日</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="222"/>
        <source>必要</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="222"/>
        <source>可选</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="227"/>
        <source>✔ 不符合要求</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="230"/>
        <source>容缺（{0}月{1}日前）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="235"/>
        <source>容缺</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="237"/>
        <source>未收</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="268"/>
        <source>{0}（自助设备）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="271"/>
        <source>未打印</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="274"/>
        <source>已打印 {0} · {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="279"/>
        <source>打印失败：{0}（在“未完成的打印”中）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="280"/>
        <source>原因不明</source>
        <translation type="unfinished">cause unknown</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="284"/>
        <source>已放弃打印：{0} · {1} {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="294"/>
        <source>（补打）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="323"/>
        <source>办理事项</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="324"/>
        <source>申请人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="325"/>
        <source>证件号码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="326"/>
        <source>联系电话</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="327"/>
        <source>代理人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="328"/>
        <source>申请时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="329"/>
        <source>受理时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="331"/>
        <source>窗口 / 经办</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="332"/>
        <source>查询密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="333"/>
        <source>期限</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="334"/>
        <source>办理结果</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="345"/>
        <source>请先查询并打开一个办件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="359"/>
        <source>办件信息</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="385"/>
        <source>预览</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="387"/>
        <source>补打</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="393"/>
        <source>打印当前通知书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="410"/>
        <source>办理过程</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="411"/>
        <source>材料</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="412"/>
        <source>文书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="500"/>
        <source>办件 {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="517"/>
        <source>（法定 {0}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="519"/>
        <source>{0}号窗口</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="523"/>
        <source> · 号票 {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="581"/>
        <source>收件后 5 个工作日（至 {0}）未作决定：依法自收件之日起视为受理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="587"/>
        <source>受理决定期限 {0}（收件后 5 个工作日，逾期视为受理）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="591"/>
        <source>视为受理：收件后未在 {0} 前作出决定，期限自收件之日起计算</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="596"/>
        <source>补正期限 {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="598"/>
        <source>（已过：可按新申请受理补交的材料，或终止办理）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="602"/>
        <source>特别程序：{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="604"/>
        <source>，预计 {0} 结束（{1} 个工作日）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="608"/>
        <source>，已超过预计结束日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="611"/>
        <source>自 {0} 暂停计时</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="613"/>
        <source>已暂停 {0} 个工作日</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="617"/>
        <source>已延长 {0} 个工作日（{1}批准）：{2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="618"/>
        <source>负责人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="623"/>
        <source>正常计时</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="627"/>
        <source>终止办理：{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="630"/>
        <source>原办件 {0} 补正逾期，按新申请受理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="632"/>
        <source>不予受理：{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="634"/>
        <source>；有权机关：{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="640"/>
        <source>：{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="645"/>
        <source> · 收费 {0} 元</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="655"/>
        <source>依据 {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="657"/>
        <source>复议机关 {0}，法院 {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="690"/>
        <source>原办件 {0} 已终止，补交的材料已按新申请受理：新办件 {1}。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="694"/>
        <source>已{0}：办件当前状态为“{1}”。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="715"/>
        <location filename="../../ui/widgets/case_view.py" line="721"/>
        <location filename="../../ui/widgets/case_view.py" line="783"/>
        <source>打印：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="779"/>
        <source>办件当前状态没有需要打印的通知书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="820"/>
        <source>已补打 {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="822"/>
        <source>；</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="824"/>
        <source>{0} 补打件已存档，未打印：已留在“未完成的打印”中</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="826"/>
        <source>（{0}）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Catalog</name>
    <message>
        <location filename="../../ui/windows/catalog.py" line="43"/>
        <source>材料名称</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="44"/>
        <source>原件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="45"/>
        <source>复印件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="46"/>
        <source>必要(是/否)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="47"/>
        <source>电子件(是/否)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="48"/>
        <source>可容缺(是/否)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="49"/>
        <source>要求</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="50"/>
        <source>备注</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="130"/>
        <source>新建事项</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="132"/>
        <source>编辑事项 {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="139"/>
        <source>实施编码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="140"/>
        <source>基本编码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="141"/>
        <source>事项名称</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="142"/>
        <source>实施部门</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="143"/>
        <source>收费</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="144"/>
        <source>服务对象</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="145"/>
        <source>咨询电话</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="146"/>
        <source>监督电话</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="155"/>
        <source>办件类型</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="160"/>
        <source>事项类型</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="162"/>
        <source>（不指定）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="167"/>
        <source>业务类别</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="170"/>
        <source>法定时限（工作日）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="171"/>
        <source>承诺时限（工作日）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="172"/>
        <source>可延长时限（工作日）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="179"/>
        <source>0（依法不能延长）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="181"/>
        <source>行政许可法第四十二条：经本机关负责人批准可延长 10 个工作日，一次为限；法律、法规另有规定的按其规定填写；填 0 表示该事项不能延长。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="196"/>
        <source>办理方式</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="197"/>
        <source>启用</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="201"/>
        <source>材料清单</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="203"/>
        <source>添加材料</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="205"/>
        <source>删除选中材料</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CatalogPage</name>
    <message>
        <location filename="../../ui/windows/catalog.py" line="244"/>
        <source>按名称、编码或拼音首字母查找</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="256"/>
        <source>事项名称</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="257"/>
        <source>类别</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="258"/>
        <source>办件类型</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="260"/>
        <source>法定/承诺时限</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="263"/>
        <source>材料</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="264"/>
        <source>启用</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="264"/>
        <source>是</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="264"/>
        <source>否</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="265"/>
        <source>实施编码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="282"/>
        <source>新建事项</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="283"/>
        <source>编辑事项</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="284"/>
        <source>停用 / 启用</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="285"/>
        <source>导入（JSON / Excel）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="286"/>
        <source>导出 JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="287"/>
        <source>导出 Excel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="288"/>
        <source>节假日设置</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="328"/>
        <source>无法完成</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="356"/>
        <source>请先选择</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="356"/>
        <source>请先在列表中选择一个事项。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="375"/>
        <location filename="../../ui/windows/catalog.py" line="390"/>
        <source>导入事项目录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="375"/>
        <source>事项目录 (*.json *.xlsx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="387"/>
        <source>正在导入 {0} …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="387"/>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="417"/>
        <source>导入完成</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="418"/>
        <source>新增 {0} 个事项，更新 {1} 个事项。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="427"/>
        <source>导入已取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="429"/>
        <source>导入失败</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="437"/>
        <source>正在取消，已写入的内容将全部撤回 …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="440"/>
        <source>{0}：已读 {1} 个事项</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="441"/>
        <source>读取</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="456"/>
        <source>导出事项目录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="456"/>
        <source>事项目录.{0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Clerk</name>
    <message>
        <location filename="../../ui/windows/clerk.py" line="47"/>
        <source>{0} 分钟</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="62"/>
        <source>叫号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="63"/>
        <source>重呼</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="64"/>
        <source>过号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="65"/>
        <source>办结</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="66"/>
        <source>转移</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="67"/>
        <source>挂起</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="68"/>
        <source>暂停</source>
        <translation type="unfinished">Paused</translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="69"/>
        <source>开始办理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="70"/>
        <source>指定叫号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="71"/>
        <source>回呼挂起</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="72"/>
        <source>恢复</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="73"/>
        <source>开放窗口</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="74"/>
        <source>关闭窗口</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="75"/>
        <source>受理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="76"/>
        <source>查询办件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="77"/>
        <source>未完成的打印</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClerkWindow</name>
    <message>
        <location filename="../../ui/windows/clerk.py" line="122"/>
        <source>当前号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="147"/>
        <source>次序</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="148"/>
        <location filename="../../ui/windows/clerk.py" line="164"/>
        <source>号码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="149"/>
        <location filename="../../ui/windows/clerk.py" line="165"/>
        <source>业务</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="151"/>
        <source>优先</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="153"/>
        <source>状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="154"/>
        <source>申请人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="155"/>
        <source>已等候</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="166"/>
        <source>挂起前等候</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="175"/>
        <source>挂起的号（双击或 F10 回呼）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="242"/>
        <source>等候本窗口的号：{0} 人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="244"/>
        <source>（按 F1 叫号的顺序，下一位 {0}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="249"/>
        <source>下一位</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="253"/>
        <source>{0} 号窗口 · {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="255"/>
        <source>（{0}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="263"/>
        <source>窗口已关闭：按 {0} 开放窗口后叫号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="265"/>
        <source>窗口暂停中：按 {0} 恢复后叫号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="267"/>
        <source>按 {0} 叫下一位</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="273"/>
        <source> · 优先（{0}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="275"/>
        <source> · 已重呼 {0}/{1} 次</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="307"/>
        <source>办理用时 {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="310"/>
        <source>呼叫后 {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="346"/>
        <source>正在处理，请稍候…（数据库响应较慢）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="371"/>
        <source>数据库已恢复连接，可以继续办理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="383"/>
        <source>窗口状态：{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="399"/>
        <location filename="../../ui/windows/clerk.py" line="470"/>
        <source>已呼叫 {number}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="404"/>
        <source>{0} 重呼已达上限，已按过号处理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="407"/>
        <source>已重呼 {0}（第 {1} 次）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="413"/>
        <source>{number} 已按过号处理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="416"/>
        <source>{number} 开始办理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="421"/>
        <source>本窗口当前没有正在办理的号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="438"/>
        <source>{number} {status}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="443"/>
        <source>本窗口当前没有可转移的号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="457"/>
        <source>{number} 已转移</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="464"/>
        <source>{number} 已挂起，可稍后回呼</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="477"/>
        <source>没有挂起的号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="482"/>
        <source>已回呼 {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="535"/>
        <source>未完成的打印</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="573"/>
        <source>{0} 号还在本窗口，请先办结、过号、挂起或转移，再退出。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Columns</name>
    <message>
        <location filename="../../ui/widgets/case_search.py" line="48"/>
        <location filename="../../ui/widgets/outbox_panel.py" line="44"/>
        <location filename="../../ui/widgets/outbox_panel.py" line="57"/>
        <source>办件编号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_search.py" line="49"/>
        <location filename="../../ui/widgets/case_view.py" line="256"/>
        <source>状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_search.py" line="50"/>
        <source>办理事项</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_search.py" line="51"/>
        <source>申请人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_search.py" line="52"/>
        <source>证件号码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_search.py" line="53"/>
        <source>联系电话</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_search.py" line="55"/>
        <source>申请时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_search.py" line="59"/>
        <source>承诺办结</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="219"/>
        <source>材料名称</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="221"/>
        <source>必要</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="225"/>
        <source>收到</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="243"/>
        <source>方式</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="247"/>
        <source>份数</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="249"/>
        <location filename="../../ui/widgets/outbox_panel.py" line="60"/>
        <source>收到时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="250"/>
        <source>要求</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="251"/>
        <source>问题</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="254"/>
        <source>时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="255"/>
        <source>办理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="257"/>
        <source>经办人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="258"/>
        <source>网上大厅</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="259"/>
        <source>说明</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="293"/>
        <source>文书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="296"/>
        <source>文书编号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="297"/>
        <source>生成时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_view.py" line="298"/>
        <source>打印情况</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/outbox_panel.py" line="45"/>
        <source>事件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/outbox_panel.py" line="46"/>
        <source>原因</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/outbox_panel.py" line="47"/>
        <source>数据版本</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/outbox_panel.py" line="48"/>
        <source>发送次数</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/outbox_panel.py" line="50"/>
        <source>网上大厅答复</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/outbox_panel.py" line="52"/>
        <source>其后待发</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/outbox_panel.py" line="53"/>
        <source>产生时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/outbox_panel.py" line="58"/>
        <source>网上变更</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/outbox_panel.py" line="59"/>
        <source>网上时间</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DailyVolumeChart</name>
    <message>
        <location filename="../../ui/widgets/charts.py" line="166"/>
        <source>近30天每日取号量</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/charts.py" line="174"/>
        <source>取号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/charts.py" line="175"/>
        <source>办结</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/charts.py" line="176"/>
        <source>过号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/charts.py" line="190"/>
        <source>日</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/charts.py" line="192"/>
        <source>号数</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FinishDialog</name>
    <message>
        <location filename="../../ui/widgets/queue_dialogs.py" line="163"/>
        <source>办结 {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/queue_dialogs.py" line="176"/>
        <source>本次办理的事项（空格勾选，回车确定）：</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="55"/>
        <source>保存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="56"/>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ForwardingThread</name>
    <message>
        <location filename="../../ui/forwarding.py" line="53"/>
        <source>网上大厅发送程序出错：{0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HallRulesPage</name>
    <message>
        <location filename="../../ui/widgets/hall_rules.py" line="35"/>
        <source>全厅所有电脑都按这条规则给新办件编号（不再看各台电脑的设置文件）。修改后从下一件办件起生效，已有办件的编号不变。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/hall_rules.py" line="41"/>
        <source>保存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/hall_rules.py" line="47"/>
        <source>办件编号规则</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/hall_rules.py" line="49"/>
        <source>编号规则</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/hall_rules.py" line="50"/>
        <source>示例</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/hall_rules.py" line="99"/>
        <source>已保存：全厅从下一件办件起按“{0}”编号。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HourlyChart</name>
    <message>
        <location filename="../../ui/widgets/charts.py" line="108"/>
        <source>今日每小时取号与办结</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/charts.py" line="114"/>
        <source>取号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/charts.py" line="115"/>
        <source>办结</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/charts.py" line="128"/>
        <source>{0}时</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/charts.py" line="130"/>
        <source>人数</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/charts.py" line="131"/>
        <source>时段</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImportPreview</name>
    <message>
        <location filename="../../ui/widgets/calendar_dialog.py" line="343"/>
        <source>导入 {0} 年放假安排</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/calendar_dialog.py" line="346"/>
        <source>{0}，共 {1} 天。请与通知原文核对后导入：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/calendar_dialog.py" line="347"/>
        <source>未写文号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/calendar_dialog.py" line="353"/>
        <source>日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/calendar_dialog.py" line="355"/>
        <source>星期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/calendar_dialog.py" line="360"/>
        <source>类型</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/calendar_dialog.py" line="361"/>
        <source>名称</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/calendar_dialog.py" line="362"/>
        <source>与现有设置相比</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/calendar_dialog.py" line="375"/>
        <source>导入后确认 {0} 年放假安排已完整录入（在办办件的期限将重新计算）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/calendar_dialog.py" line="381"/>
        <source>导入</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IntakeForm</name>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="73"/>
        <source>姓名 / 单位名称</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="74"/>
        <source>证件号码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="75"/>
        <source>手机号码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="76"/>
        <source>固定电话</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="77"/>
        <source>邮政编码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="78"/>
        <source>地址</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="79"/>
        <source>法定代表人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="82"/>
        <source>代理人姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="83"/>
        <source>代理人证件号码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="84"/>
        <source>代理人手机</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="103"/>
        <source>收到</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="104"/>
        <source>材料名称</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="105"/>
        <source>必要</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="106"/>
        <source>应交</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="107"/>
        <source>收取方式</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="108"/>
        <source>份数</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="109"/>
        <source>容缺</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="110"/>
        <source>问题</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="297"/>
        <source>受理申请</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="307"/>
        <source>关联号票：{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="309"/>
        <source>窗口直接受理（无号票）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="315"/>
        <source>输入事项名称、编码或拼音首字母（如 gtgs）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="319"/>
        <location filename="../../ui/widgets/intake_form.py" line="1041"/>
        <source>尚未选择事项</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="326"/>
        <source>办理事项</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="338"/>
        <source>申请人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="345"/>
        <source>申请人类型</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="347"/>
        <location filename="../../ui/widgets/intake_form.py" line="368"/>
        <source>证件类型</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="362"/>
        <source>代理人（代办时填写）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="372"/>
        <source>材料清单</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="376"/>
        <source>Ctrl+M 到此处；↑↓ 选择，空格 = 已收，1 原件 / 2 复印件 / 3 电子件，+/- 份数，G = 容缺（后补），N = 不符合要求（写明问题）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="390"/>
        <source>决定所需信息</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="425"/>
        <source>容缺承诺</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="426"/>
        <source>补交期限</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="429"/>
        <source>不予受理情形</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="430"/>
        <source>申请人补正期限</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="433"/>
        <source>不予理由</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="434"/>
        <source>有权处理的机关</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="437"/>
        <source>法律依据</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="438"/>
        <source>办结结果</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="441"/>
        <source>证照名称 / 编号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="442"/>
        <source>收费金额</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="459"/>
        <source>申请人承诺在期限内补交所列容缺材料（签字后留存）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="465"/>
        <source>当场办结时填写，如 营业执照</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="466"/>
        <source>证照编号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="467"/>
        <source>元；不收费留空</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="475"/>
        <source>受理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="476"/>
        <source>一次性告知补正</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="477"/>
        <source>不予受理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="478"/>
        <source>当场办结</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="479"/>
        <source>收件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="480"/>
        <source>放弃草稿</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="481"/>
        <source>关闭（保留草稿）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="493"/>
        <source>暂不决定是否受理：收下材料，出具材料接收凭证；本机关须在收件后 5 个工作日内</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="494"/>
        <source>决定受理、告知补正或不予受理，逾期自收件之日起视为受理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="497"/>
        <source>申请人补交材料的期限，默认 15 个工作日，可修改；</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="498"/>
        <source>与本机关收件后 5 个工作日内作出决定的时限无关</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="677"/>
        <source>没有找到这个事项；请换个关键词或拼音首字母</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="721"/>
        <source>{0} · {1} · 法定 {2} / 承诺 {3} 个工作日 · 收费：{4}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="731"/>
        <source>今天受理，承诺办结日期 {0}（法定期限 {1}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="734"/>
        <source>；如收件，须于 {0} 前决定是否受理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="777"/>
        <source>男</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="777"/>
        <source>女</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="780"/>
        <source>出生日期 {0} · {1}{2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="785"/>
        <source>格式正确</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="842"/>
        <source> · 老申请人 {0}，已带出以往信息</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="907"/>
        <source>已恢复 {0} 自动保存的草稿。按 Ctrl+Shift+Delete 放弃草稿重新开始。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="981"/>
        <source>草稿已自动保存 {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="1000"/>
        <source>数据库暂时无法连接：草稿已暂存在本机，连接恢复后自动保存。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="1007"/>
        <source>草稿未能保存：{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="1047"/>
        <source>草稿已放弃</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="1112"/>
        <source>{0}：办件编号 {1}，查询密码 {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="1117"/>
        <source>承诺办结日期 {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="1120"/>
        <source>需补正 {0} 项材料，补正期限 {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="1127"/>
        <source>已收件，尚未受理：须于 {0} 前决定受理、补正或不予受理（案件查询 F12）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="1134"/>
        <source>已办理，草稿已清除。按 Esc 关闭。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="1148"/>
        <location filename="../../ui/widgets/intake_form.py" line="1153"/>
        <source>打印：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="1182"/>
        <source>不予受理或当场不予许可的理由</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="1185"/>
        <source>法律法规名称和条款，如《不动产登记暂行条例》第二十二条</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <location filename="../../ui/windows/kiosk.py" line="122"/>
        <location filename="../../ui/windows/kiosk.py" line="308"/>
        <source>自助取号</source>
        <translation>Take a Ticket</translation>
    </message>
    <message>
        <location filename="../../ui/windows/kiosk.py" line="164"/>
        <location filename="../../ui/windows/kiosk.py" line="311"/>
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../../ui/windows/kiosk.py" line="184"/>
        <location filename="../../ui/windows/kiosk.py" line="312"/>
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../ui/windows/kiosk.py" line="199"/>
        <location filename="../../ui/windows/kiosk.py" line="313"/>
        <location filename="../../ui/windows/kiosk.py" line="323"/>
        <location filename="../../ui/windows/kiosk.py" line="394"/>
        <source>暂停取号</source>
        <translation>Tickets paused</translation>
    </message>
    <message>
        <location filename="../../ui/windows/kiosk.py" line="205"/>
        <location filename="../../ui/windows/kiosk.py" line="315"/>
        <source>系统暂时无法取号，正在自动恢复，恢复后即可取号。请稍候，或向工作人员咨询。</source>
        <translation>Tickets cannot be issued right now. The system is recovering by itself; you can take a ticket as soon as it is back. Please wait, or ask a member of staff.</translation>
    </message>
    <message>
        <location filename="../../ui/windows/kiosk.py" line="235"/>
        <location filename="../../ui/windows/kiosk.py" line="317"/>
        <source>优先取号（军人、老年人、残疾人、孕妇）</source>
        <translation>Priority ticket (service members, seniors, persons with disabilities, pregnant women)</translation>
    </message>
    <message>
        <location filename="../../ui/windows/kiosk.py" line="242"/>
        <location filename="../../ui/windows/kiosk.py" line="318"/>
        <source>返回（不取优先号）</source>
        <translation>Back (no priority ticket)</translation>
    </message>
    <message>
        <location filename="../../ui/windows/kiosk.py" line="325"/>
        <location filename="../../ui/windows/kiosk.py" line="472"/>
        <source>请选择优先原因（请向工作人员出示相关证件）</source>
        <translation>Please choose the reason for priority (show your document to the staff)</translation>
    </message>
    <message>
        <location filename="../../ui/windows/kiosk.py" line="328"/>
        <location filename="../../ui/windows/kiosk.py" line="481"/>
        <source>优先取号（{0}）：请选择业务</source>
        <translation>Priority ticket ({0}): please choose a service</translation>
    </message>
    <message>
        <location filename="../../ui/windows/kiosk.py" line="333"/>
        <location filename="../../ui/windows/kiosk.py" line="459"/>
        <source>请选择您要办理的业务</source>
        <translation>Please choose the service you need</translation>
    </message>
    <message>
        <location filename="../../ui/windows/kiosk.py" line="499"/>
        <source>正在取号，请稍候…</source>
        <translation>Issuing your ticket, please wait…</translation>
    </message>
    <message>
        <location filename="../../ui/windows/kiosk.py" line="525"/>
        <source>请取走号票</source>
        <translation>Please take your ticket</translation>
    </message>
    <message>
        <location filename="../../ui/windows/kiosk.py" line="526"/>
        <source>取号成功，请取走号票</source>
        <translation>Your ticket is ready; please take it</translation>
    </message>
    <message>
        <location filename="../../ui/windows/kiosk.py" line="534"/>
        <source>工作人员请注意：号票打印机故障（{0}）。请检查打印机，并在“未完成的打印”中补打。</source>
        <translation>Staff: the ticket printer has failed ({0}). Please check the printer and reprint from “未完成的打印” (unfinished prints).</translation>
    </message>
    <message>
        <location filename="../../ui/windows/kiosk.py" line="535"/>
        <source>原因不明</source>
        <translation>cause unknown</translation>
    </message>
    <message>
        <location filename="../../ui/windows/kiosk.py" line="540"/>
        <source>取号成功，但号票没有打印出来</source>
        <translation>You have a number, but the ticket did not print</translation>
    </message>
    <message>
        <location filename="../../ui/windows/kiosk.py" line="546"/>
        <source>请记下您的号码 {0}，您已在排队，请留意叫号。需要纸质号票请找工作人员补打。</source>
        <translation>Please note your number {0}. You are in the queue; watch for your number. Ask a member of staff if you need a printed ticket.</translation>
    </message>
    <message>
        <location filename="../../ui/windows/kiosk.py" line="563"/>
        <source>（优先：{0}）</source>
        <translation> (priority: {0})</translation>
    </message>
    <message>
        <location filename="../../ui/windows/kiosk.py" line="567"/>
        <source>您前面还有 {0} 人在等待</source>
        <translation>People waiting before you: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/windows/kiosk.py" line="568"/>
        <source>预计等候约 {0} 分钟</source>
        <translation>Expected wait: about {0} min</translation>
    </message>
    <message>
        <location filename="../../ui/windows/kiosk.py" line="570"/>
        <source>目前暂无窗口办理此业务，窗口开放后按顺序叫号</source>
        <translation>No window serves this right now; numbers are called in order once one opens</translation>
    </message>
    <message>
        <location filename="../../ui/windows/kiosk.py" line="571"/>
        <source>取号时间 {0}</source>
        <translation>Issued at {0}</translation>
    </message>
    <message>
        <location filename="../../ui/windows/kiosk.py" line="572"/>
        <source>请留意叫号，过号无效，请重新取号</source>
        <translation>Please watch for your number. A missed number is void; take a new ticket.</translation>
    </message>
    <message>
        <location filename="../../ui/windows/kiosk.py" line="576"/>
        <source>取号成功</source>
        <translation>Your ticket</translation>
    </message>
    <message>
        <location filename="../../ui/windows/kiosk.py" line="579"/>
        <source>正在打印号票…</source>
        <translation>Printing your ticket…</translation>
    </message>
    <message>
        <location filename="../../ui/windows/kiosk.py" line="579"/>
        <source>请记下您的号码，留意叫号</source>
        <translation>Please note your number and watch for it to be called</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ui/login.py" line="32"/>
        <source>HallDesk 登录 — {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="41"/>
        <source>政务服务大厅前台系统 · 请登录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="46"/>
        <location filename="../../ui/login.py" line="59"/>
        <source>用户名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="50"/>
        <location filename="../../ui/login.py" line="60"/>
        <source>密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="53"/>
        <source>（不在窗口工作）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="61"/>
        <source>窗口</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="69"/>
        <source>登录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="73"/>
        <source>接管该窗口</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="76"/>
        <source>退出</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="117"/>
        <source>{0} 号窗口 · {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="168"/>
        <source>窗口工作人员请选择所在的窗口</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ManagerCommon</name>
    <message>
        <location filename="../../ui/widgets/manager_common.py" line="113"/>
        <source>{0} 分</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_common.py" line="114"/>
        <source>{0} 小时 {1:02d} 分</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ManagerExitDialog</name>
    <message>
        <location filename="../../ui/widgets/pin_dialog.py" line="56"/>
        <source>管理员退出</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/pin_dialog.py" line="60"/>
        <source>退出全屏需要大厅管理员或系统管理员的用户名和密码。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/pin_dialog.py" line="72"/>
        <source>用户名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/pin_dialog.py" line="73"/>
        <source>密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/pin_dialog.py" line="81"/>
        <source>退出全屏</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/pin_dialog.py" line="83"/>
        <source>关闭程序</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/pin_dialog.py" line="85"/>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ManagerOverview</name>
    <message>
        <location filename="../../ui/widgets/manager_overview.py" line="32"/>
        <source>办理中</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_overview.py" line="33"/>
        <source>已叫号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_overview.py" line="34"/>
        <source>空闲</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_overview.py" line="35"/>
        <source>暂停</source>
        <translation type="unfinished">Paused</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_overview.py" line="36"/>
        <source>关闭</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ManagerReports</name>
    <message>
        <location filename="../../ui/widgets/manager_reports.py" line="37"/>
        <source>&lt;p style=&apos;text-align:center&apos;&gt;统计期间：{0}&#x3000;报表编号：{1}&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ManagerSupervision</name>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="53"/>
        <source>逾期 {0} 个工作日</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="55"/>
        <source>今天到期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="56"/>
        <source>剩 {0} 个工作日</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="347"/>
        <source>登记差评整改回访</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="349"/>
        <source>{0} {1}：{2}（整改期限 {3}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="352"/>
        <source>未选原因</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="360"/>
        <source>例如：已电话回访申请人，说明原因并致歉；已调整高峰时段窗口。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="365"/>
        <source>整改与回复情况</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ManagerWindow</name>
    <message>
        <location filename="../../ui/windows/manager.py" line="80"/>
        <source>实时概况</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/manager.py" line="81"/>
        <location filename="../../ui/windows/manager.py" line="156"/>
        <source>告警记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/manager.py" line="82"/>
        <source>统计图表</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/manager.py" line="83"/>
        <source>办件监察</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/manager.py" line="84"/>
        <source>窗口与号票</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/manager.py" line="85"/>
        <source>报表</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/manager.py" line="86"/>
        <source>网上大厅</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/manager.py" line="87"/>
        <source>未完成的打印</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/manager.py" line="156"/>
        <source>告警记录（{0}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/manager.py" line="228"/>
        <source>整改回访已登记</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MaterialsEditor</name>
    <message>
        <location filename="../../ui/windows/catalog.py" line="77"/>
        <location filename="../../ui/windows/catalog.py" line="78"/>
        <location filename="../../ui/windows/catalog.py" line="79"/>
        <location filename="../../ui/windows/catalog.py" line="116"/>
        <location filename="../../ui/windows/catalog.py" line="117"/>
        <source>是</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="77"/>
        <location filename="../../ui/windows/catalog.py" line="78"/>
        <location filename="../../ui/windows/catalog.py" line="79"/>
        <location filename="../../ui/windows/catalog.py" line="115"/>
        <source>否</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/catalog.py" line="107"/>
        <source>第 {0} 项材料的原件、复印件份数应为整数</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MaterialsTable</name>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="145"/>
        <source>原件{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="147"/>
        <source>复印件{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="152"/>
        <source>必要</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="152"/>
        <source>可选</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="156"/>
        <source>容缺</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="158"/>
        <source>可容缺</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="167"/>
        <source>不符合要求：{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="198"/>
        <source>“{0}”不能容缺：本事项的可容缺材料在“容缺”列标为“可容缺”；申请书和核心材料须当场收取</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="211"/>
        <source>材料不符合要求</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="213"/>
        <source>“{0}”存在的问题（写明要更正什么；清空即为符合要求）：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="216"/>
        <source>确定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/intake_form.py" line="217"/>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MissingGlyphsDialog</name>
    <message>
        <location filename="../../ui/widgets/case_printing.py" line="79"/>
        <source>有字符无法打印</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_printing.py" line="84"/>
        <source>{0}中以下字符本机字体无法打印：
{1}

仍然打印时，这些字会印成“〓”，请在纸上手写补全并请申请人核对；也可以取消打印，在设置 documents.fallback_fonts 中加入含这些字的字体后补打。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_printing.py" line="91"/>
        <source>仍然打印（缺字印为〓）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/case_printing.py" line="93"/>
        <source>取消打印</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OnlineStatusMark</name>
    <message>
        <location filename="../../ui/widgets/online_status.py" line="81"/>
        <source>网上大厅：未能启动发送</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/online_status.py" line="88"/>
        <source>网上大厅：未配置</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/online_status.py" line="89"/>
        <source>设置项 online_hall.endpoint 为空，办件不向网上大厅发送</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/online_status.py" line="92"/>
        <source>网上大厅：…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/online_status.py" line="94"/>
        <source>网上大厅：{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/online_status.py" line="96"/>
        <source>待发送 {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/online_status.py" line="98"/>
        <source>待处理 {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/online_status.py" line="109"/>
        <source>最近一次送达：{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/online_status.py" line="115"/>
        <source>最早的待发送消息：{0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OutboxPanel</name>
    <message>
        <location filename="../../ui/widgets/outbox_panel.py" line="87"/>
        <source>恢复发送</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/outbox_panel.py" line="89"/>
        <source>已更正密钥或电脑时钟后，让停止的发送程序重新试发</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/outbox_panel.py" line="91"/>
        <source>刷新</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/outbox_panel.py" line="101"/>
        <source>重发</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/outbox_panel.py" line="103"/>
        <source>放弃…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/outbox_panel.py" line="120"/>
        <source>已处理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/outbox_panel.py" line="134"/>
        <source>发送失败、需要处理的消息（同一办件的后续消息在其后等待）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/outbox_panel.py" line="139"/>
        <source>网上办理的变更</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/outbox_panel.py" line="173"/>
        <source>网上大厅：{0}；待发送 {1} 条，待处理 {2} 条</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/outbox_panel.py" line="198"/>
        <source>选中一条消息，这里说明它为什么没有发出、应当怎样处理。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/outbox_panel.py" line="203"/>
        <source>{0} {1}：{2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/outbox_panel.py" line="207"/>
        <source>网上大厅答复：{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/outbox_panel.py" line="232"/>
        <source>已重新排队发送：{0} {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/outbox_panel.py" line="238"/>
        <source>放弃消息</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/outbox_panel.py" line="239"/>
        <source>放弃 {0} 的“{1}”消息，不再发送。请写明原因：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/outbox_panel.py" line="255"/>
        <source>已放弃：{0} {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/outbox_panel.py" line="260"/>
        <source>已请求恢复发送</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/outbox_panel.py" line="269"/>
        <source>已确认：{0} {1}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OverviewPanel</name>
    <message>
        <location filename="../../ui/widgets/manager_overview.py" line="59"/>
        <source>正在读取大厅实况…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_overview.py" line="80"/>
        <source>业务类别</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_overview.py" line="81"/>
        <source>等候</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_overview.py" line="82"/>
        <source>其中优先</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_overview.py" line="83"/>
        <source>最长等候</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_overview.py" line="85"/>
        <source>目标</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_overview.py" line="86"/>
        <location filename="../../ui/widgets/manager_overview.py" line="98"/>
        <source>{0} 分</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_overview.py" line="90"/>
        <source>近1小时平均等候</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_overview.py" line="97"/>
        <source>新取号预计等候</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_overview.py" line="101"/>
        <source>开放窗口</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_overview.py" line="103"/>
        <source>近1小时 取号/办结</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_overview.py" line="108"/>
        <source>今日 取号/办结</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_overview.py" line="130"/>
        <source>（{0}，{1}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_overview.py" line="131"/>
        <source>未说明</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_overview.py" line="137"/>
        <source>窗口</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_overview.py" line="137"/>
        <source>{0} 号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_overview.py" line="138"/>
        <source>状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_overview.py" line="139"/>
        <source>当前号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_overview.py" line="140"/>
        <source>已用时</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_overview.py" line="141"/>
        <source>今日办结</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_overview.py" line="143"/>
        <source>平均办理（分）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_overview.py" line="145"/>
        <source>开放时长</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_overview.py" line="146"/>
        <source>空闲时长</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_overview.py" line="147"/>
        <source>办理类别</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_overview.py" line="157"/>
        <source>各业务类别排队</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_overview.py" line="162"/>
        <source>各窗口</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_overview.py" line="193"/>
        <source>{0} 更新 · 正在等候 {1} 人 · 开放窗口 {2}/{3} · 今日取号 {4}，办结 {5}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_overview.py" line="207"/>
        <source>目前没有告警</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_overview.py" line="211"/>
        <source>告警：{0}（自 {1} 起，已 {2}）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PauseDialog</name>
    <message>
        <location filename="../../ui/widgets/queue_dialogs.py" line="72"/>
        <source>暂停窗口</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/queue_dialogs.py" line="77"/>
        <source>暂停原因</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/queue_dialogs.py" line="81"/>
        <source>请选择或输入暂停原因</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrintFailureDialog</name>
    <message>
        <location filename="../../ui/printer.py" line="199"/>
        <source>打印失败</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/printer.py" line="202"/>
        <source>办件和号票已保存，打印任务会保留在“未完成的打印”中，可以稍后再打。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/printer.py" line="204"/>
        <source>重试</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/printer.py" line="205"/>
        <source>选择其他打印机</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/printer.py" line="206"/>
        <source>稍后打印</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrintJobs</name>
    <message>
        <location filename="../../ui/widgets/print_jobs.py" line="49"/>
        <source>文书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/print_jobs.py" line="50"/>
        <source>编号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/print_jobs.py" line="51"/>
        <source>打印机</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/print_jobs.py" line="52"/>
        <source>状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/print_jobs.py" line="54"/>
        <source>次数</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/print_jobs.py" line="58"/>
        <source>原因</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/print_jobs.py" line="60"/>
        <source>时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/print_jobs.py" line="65"/>
        <source>电脑</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrintJobsDialog</name>
    <message>
        <location filename="../../ui/widgets/print_jobs.py" line="327"/>
        <source>未完成的打印（全部电脑）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/print_jobs.py" line="327"/>
        <source>未完成的打印（本机）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/print_jobs.py" line="330"/>
        <source>关闭  Esc</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrintJobsWidget</name>
    <message>
        <location filename="../../ui/widgets/print_jobs.py" line="146"/>
        <source>没有未完成的打印任务</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/print_jobs.py" line="151"/>
        <source>重试  Enter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/print_jobs.py" line="153"/>
        <source>换打印机…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/print_jobs.py" line="155"/>
        <source>放弃…  Del</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/print_jobs.py" line="157"/>
        <source>刷新  F5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/print_jobs.py" line="279"/>
        <source>已打印：{0} {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/print_jobs.py" line="281"/>
        <source>；</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/print_jobs.py" line="287"/>
        <source>仍未打印：{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/print_jobs.py" line="287"/>
        <source>原因不明</source>
        <translation type="unfinished">cause unknown</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/print_jobs.py" line="316"/>
        <source>已放弃打印：{0} {1}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Printer</name>
    <message>
        <location filename="../../ui/printer.py" line="69"/>
        <source>文书内容无法读取（PDF 损坏），请补打后重试</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/printer.py" line="84"/>
        <source>打印机</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/printer.py" line="86"/>
        <source>无法开始打印：“{0}”不可用，请检查打印机是否开机、联网，或选择其他打印机</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/printer.py" line="94"/>
        <source>打印机在换页时出错，请检查打印机后重试</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/printer.py" line="100"/>
        <source>文书页面无法生成图像（内存不足？），请稍后重试</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/printer.py" line="117"/>
        <source>找不到打印机“{0}”：请检查打印机是否已安装，或选择其他打印机</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/printer.py" line="122"/>
        <source>本机没有可用的打印机：请安装打印机，或选择其他打印机</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/printer.py" line="155"/>
        <source>选择打印机</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/printer.py" line="175"/>
        <source>打印预览</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/printer.py" line="252"/>
        <source>打印记录暂未写入（{0}），数据库恢复后自动补记</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/printer.py" line="457"/>
        <source>原因不明</source>
        <translation type="unfinished">cause unknown</translation>
    </message>
    <message>
        <location filename="../../ui/printer.py" line="459"/>
        <source>{0}未能打印：{1}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Queue</name>
    <message>
        <location filename="../../ui/i18n.py" line="101"/>
        <source>等候 {0} 人 · 暂无窗口办理</source>
        <translation>{0} waiting · no window open now</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="102"/>
        <source>等候 {0} 人 · 约 {1} 分钟</source>
        <translation>{0} waiting · about {1} min</translation>
    </message>
</context>
<context>
    <name>QueueDialogs</name>
    <message>
        <location filename="../../ui/widgets/queue_dialogs.py" line="30"/>
        <source>临时离开</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/queue_dialogs.py" line="31"/>
        <source>业务咨询</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/queue_dialogs.py" line="32"/>
        <source>系统故障</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/queue_dialogs.py" line="33"/>
        <source>业务培训</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/queue_dialogs.py" line="34"/>
        <source>用餐</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/queue_dialogs.py" line="35"/>
        <source>会议</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RatingPad</name>
    <message>
        <location filename="../../ui/windows/rating.py" line="64"/>
        <location filename="../../ui/windows/rating.py" line="172"/>
        <source>服务评价</source>
        <translation>Rate our service</translation>
    </message>
    <message>
        <location filename="../../ui/windows/rating.py" line="72"/>
        <location filename="../../ui/windows/rating.py" line="173"/>
        <source>欢迎光临
{0}</source>
        <translation>Welcome to
{0}</translation>
    </message>
    <message>
        <location filename="../../ui/windows/rating.py" line="103"/>
        <location filename="../../ui/windows/rating.py" line="176"/>
        <source>很抱歉没能让您满意，请告诉我们原因（可多选）</source>
        <translation>We are sorry we did not satisfy you. Please tell us why (choose any that apply)</translation>
    </message>
    <message>
        <location filename="../../ui/windows/rating.py" line="118"/>
        <location filename="../../ui/windows/rating.py" line="179"/>
        <source>提交评价</source>
        <translation>Submit</translation>
    </message>
    <message>
        <location filename="../../ui/windows/rating.py" line="134"/>
        <location filename="../../ui/windows/rating.py" line="180"/>
        <source>感谢您的评价！</source>
        <translation>Thank you for your rating!</translation>
    </message>
    <message>
        <location filename="../../ui/windows/rating.py" line="182"/>
        <location filename="../../ui/windows/rating.py" line="211"/>
        <source>{0} 号，请对本次服务进行评价</source>
        <translation>Number {0}, please rate the service you received</translation>
    </message>
    <message>
        <location filename="../../ui/windows/rating.py" line="184"/>
        <location filename="../../ui/windows/rating.py" line="229"/>
        <source>请至少选择一项原因</source>
        <translation>Please choose at least one reason</translation>
    </message>
    <message>
        <location filename="../../ui/windows/rating.py" line="192"/>
        <source>等候时间太长</source>
        <translation>Waited too long</translation>
    </message>
    <message>
        <location filename="../../ui/windows/rating.py" line="193"/>
        <source>办事效率低</source>
        <translation>Slow service</translation>
    </message>
    <message>
        <location filename="../../ui/windows/rating.py" line="194"/>
        <source>服务态度差</source>
        <translation>Unfriendly staff</translation>
    </message>
    <message>
        <location filename="../../ui/windows/rating.py" line="195"/>
        <source>一次告知不清楚</source>
        <translation>Requirements not explained at once</translation>
    </message>
    <message>
        <location filename="../../ui/windows/rating.py" line="196"/>
        <source>材料要求不合理</source>
        <translation>Unreasonable document requirements</translation>
    </message>
    <message>
        <location filename="../../ui/windows/rating.py" line="197"/>
        <source>多次跑腿</source>
        <translation>Had to come back several times</translation>
    </message>
    <message>
        <location filename="../../ui/windows/rating.py" line="198"/>
        <source>其他</source>
        <translation>Other</translation>
    </message>
</context>
<context>
    <name>ReportsPanel</name>
    <message>
        <location filename="../../ui/widgets/manager_reports.py" line="81"/>
        <source>日报</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_reports.py" line="82"/>
        <source>月报</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_reports.py" line="89"/>
        <source>生成报表</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_reports.py" line="92"/>
        <source>导出 PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_reports.py" line="95"/>
        <source>导出 Excel…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_reports.py" line="99"/>
        <source>报表</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_reports.py" line="101"/>
        <source>日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_reports.py" line="138"/>
        <source>正在统计…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_reports.py" line="150"/>
        <source>{0}（{1}）已生成</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_reports.py" line="166"/>
        <source>导出 PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_reports.py" line="176"/>
        <location filename="../../ui/widgets/manager_reports.py" line="200"/>
        <source>无法写入 {0}：{1}。请换一个文件夹。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_reports.py" line="179"/>
        <source>已导出 PDF 并存档：{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_reports.py" line="190"/>
        <source>导出 Excel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_reports.py" line="203"/>
        <source>已导出 Excel：{0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RoleWindow</name>
    <message>
        <location filename="../../ui/windows/admin.py" line="95"/>
        <source>系统管理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/base.py" line="57"/>
        <source>{0} 号窗口 · {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/base.py" line="60"/>
        <source>退出登录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/base.py" line="109"/>
        <source>数据库暂时无法连接：{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/base.py" line="135"/>
        <source>窗口已被接管</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/base.py" line="136"/>
        <source>您在此窗口的登录已在另一台电脑上被接管，请重新登录。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/base.py" line="151"/>
        <source>暂不能退出</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/base.py" line="214"/>
        <source>暂不能关闭</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/clerk.py" line="58"/>
        <source>窗口工作台</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/windows/manager.py" line="46"/>
        <source>大厅管理</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Stations</name>
    <message>
        <location filename="../../ui/stations.py" line="59"/>
        <source>{0}需要知道它属于哪个窗口：请设置 station.counter_number 或使用 --counter N</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SupervisionPanel</name>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="70"/>
        <source>刷新</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="82"/>
        <location filename="../../ui/widgets/manager_supervision.py" line="118"/>
        <location filename="../../ui/widgets/manager_supervision.py" line="133"/>
        <location filename="../../ui/widgets/manager_supervision.py" line="154"/>
        <location filename="../../ui/widgets/manager_supervision.py" line="173"/>
        <location filename="../../ui/widgets/manager_supervision.py" line="200"/>
        <source>办件编号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="83"/>
        <location filename="../../ui/widgets/manager_supervision.py" line="112"/>
        <location filename="../../ui/widgets/manager_supervision.py" line="119"/>
        <location filename="../../ui/widgets/manager_supervision.py" line="134"/>
        <location filename="../../ui/widgets/manager_supervision.py" line="155"/>
        <location filename="../../ui/widgets/manager_supervision.py" line="174"/>
        <location filename="../../ui/widgets/manager_supervision.py" line="201"/>
        <source>事项</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="84"/>
        <location filename="../../ui/widgets/manager_supervision.py" line="113"/>
        <location filename="../../ui/widgets/manager_supervision.py" line="156"/>
        <location filename="../../ui/widgets/manager_supervision.py" line="175"/>
        <source>部门</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="85"/>
        <location filename="../../ui/widgets/manager_supervision.py" line="114"/>
        <location filename="../../ui/widgets/manager_supervision.py" line="120"/>
        <location filename="../../ui/widgets/manager_supervision.py" line="141"/>
        <location filename="../../ui/widgets/manager_supervision.py" line="202"/>
        <source>受理人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="86"/>
        <location filename="../../ui/widgets/manager_supervision.py" line="121"/>
        <location filename="../../ui/widgets/manager_supervision.py" line="142"/>
        <location filename="../../ui/widgets/manager_supervision.py" line="158"/>
        <location filename="../../ui/widgets/manager_supervision.py" line="177"/>
        <location filename="../../ui/widgets/manager_supervision.py" line="203"/>
        <source>申请人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="87"/>
        <location filename="../../ui/widgets/manager_supervision.py" line="180"/>
        <location filename="../../ui/widgets/manager_supervision.py" line="240"/>
        <source>状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="88"/>
        <location filename="../../ui/widgets/manager_supervision.py" line="181"/>
        <source>承诺办结日</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="89"/>
        <location filename="../../ui/widgets/manager_supervision.py" line="162"/>
        <source>剩余</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="103"/>
        <source>在办</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="104"/>
        <source>临期（黄）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="105"/>
        <source>逾期（红）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="106"/>
        <source>停表中</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="122"/>
        <location filename="../../ui/widgets/manager_supervision.py" line="143"/>
        <source>联系电话</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="123"/>
        <source>告知时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="124"/>
        <source>补正期限</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="125"/>
        <source>已等待（天）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="135"/>
        <source>容缺材料</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="136"/>
        <source>补交期限</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="138"/>
        <source>逾期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="139"/>
        <source>{0} 天</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="157"/>
        <location filename="../../ui/widgets/manager_supervision.py" line="176"/>
        <source>收件人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="159"/>
        <location filename="../../ui/widgets/manager_supervision.py" line="178"/>
        <source>收件时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="160"/>
        <location filename="../../ui/widgets/manager_supervision.py" line="179"/>
        <source>决定期限</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="164"/>
        <source>已过期，视为受理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="190"/>
        <source>收件后须在 5 个工作日内决定受理、告知补正或不予受理；</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="191"/>
        <source>逾期自收件之日起视为受理（由系统登记，期限从收件之日算）。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="195"/>
        <source>逾期视为受理、仍在办理的办件：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="204"/>
        <source>特别程序</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="205"/>
        <source>开始</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="206"/>
        <source>预计结束</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="208"/>
        <source>超出</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="210"/>
        <source>{0} 个工作日</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="212"/>
        <source>已过预计结束日</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="227"/>
        <source>评价时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="228"/>
        <source>评价</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="229"/>
        <source>原因</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="230"/>
        <source>号码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="232"/>
        <source>窗口</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="234"/>
        <source>{0} 号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="237"/>
        <source>工作人员</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="238"/>
        <source>整改期限</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="242"/>
        <source>已回访（{0}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="247"/>
        <source>整改回访情况</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="253"/>
        <source>登记整改回访…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="259"/>
        <source>差评须在 15 个工作日内整改并回复申请人；选中一条后登记整改回访情况。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="269"/>
        <source>临期与逾期办件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="270"/>
        <source>按事项</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="272"/>
        <source>按部门</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="274"/>
        <source>按受理人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="276"/>
        <source>待补正（未答复）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="278"/>
        <source>容缺待补交</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="279"/>
        <source>收件待决定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="281"/>
        <source>特别程序超期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="283"/>
        <source>差评整改</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="300"/>
        <source>{0} 年：{1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="304"/>
        <source>期限的工作日：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_supervision.py" line="310"/>
        <source>在办 {0} 件：临期（剩 {1} 个工作日及以内，至 {2}）{3} 件，逾期 {4} 件；停表中 {5} 件；待补正 {6} 件；容缺材料逾期 {8} 项；收件待决定 {9} 件（视为受理 {10} 件）；差评待整改 {7} 条</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <location filename="../../ui/widgets/queue_dialogs.py" line="122"/>
        <source>转移</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/queue_dialogs.py" line="123"/>
        <source>转到业务类别</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/queue_dialogs.py" line="131"/>
        <source>直接转到窗口</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/queue_dialogs.py" line="137"/>
        <source>{0} 号窗口 · {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/queue_dialogs.py" line="138"/>
        <source>办完后转回本窗口</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WaitDistributionChart</name>
    <message>
        <location filename="../../ui/widgets/charts.py" line="139"/>
        <source>等候时长分布</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/charts.py" line="145"/>
        <source>人数（共 {0} 人）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/charts.py" line="157"/>
        <source>人数</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/charts.py" line="158"/>
        <source>等候时长（分钟，取号到首次叫号）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WeightPanel</name>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="161"/>
        <source>请先在上面勾选办理类别</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/admin_dialogs.py" line="169"/>
        <source>{0} · {1} 的权重</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WindowTile</name>
    <message>
        <location filename="../../ui/windows/board.py" line="88"/>
        <location filename="../../ui/windows/board.py" line="108"/>
        <source>{0} 号窗口</source>
        <translation>Window {0}</translation>
    </message>
    <message>
        <location filename="../../ui/windows/board.py" line="102"/>
        <source>{0} 号窗口 · 未开放</source>
        <translation>Window {0} · closed</translation>
    </message>
    <message>
        <location filename="../../ui/windows/board.py" line="104"/>
        <source>暂停</source>
        <translation>Paused</translation>
    </message>
    <message>
        <location filename="../../ui/windows/board.py" line="105"/>
        <source>{0} 号窗口 · 暂停</source>
        <translation>Window {0} · paused</translation>
    </message>
</context>
<context>
    <name>WindowsPanel</name>
    <message>
        <location filename="../../ui/widgets/manager_actions.py" line="63"/>
        <location filename="../../ui/widgets/manager_actions.py" line="156"/>
        <source>窗口</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_actions.py" line="63"/>
        <source>{0} 号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_actions.py" line="64"/>
        <source>名称</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_actions.py" line="65"/>
        <location filename="../../ui/widgets/manager_actions.py" line="90"/>
        <source>状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_actions.py" line="66"/>
        <source>办理类别（叫号顺序）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_actions.py" line="72"/>
        <source>开放/恢复窗口</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_actions.py" line="74"/>
        <source>关闭窗口</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_actions.py" line="76"/>
        <source>设置办理类别…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_actions.py" line="88"/>
        <source>号码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_actions.py" line="89"/>
        <source>所在队列</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_actions.py" line="92"/>
        <source>优先</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_actions.py" line="94"/>
        <source>取号时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_actions.py" line="95"/>
        <source>排队自</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_actions.py" line="101"/>
        <source>移到其他队列…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_actions.py" line="103"/>
        <source>作废…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_actions.py" line="115"/>
        <location filename="../../ui/widgets/manager_actions.py" line="132"/>
        <source> 分钟</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_actions.py" line="119"/>
        <source> 个工作日</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_actions.py" line="123"/>
        <source> 次</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_actions.py" line="124"/>
        <source>超过次数后该号自动记为过号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_actions.py" line="134"/>
        <source>保存设置</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_actions.py" line="137"/>
        <source>保存等候目标</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_actions.py" line="140"/>
        <source>告警、监察与叫号设置</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_actions.py" line="142"/>
        <source>窗口暂停超过</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_actions.py" line="143"/>
        <source>办件临期提醒：剩余</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_actions.py" line="144"/>
        <source>重呼次数上限</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_actions.py" line="147"/>
        <source>业务类别</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_actions.py" line="148"/>
        <source>等候目标</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_actions.py" line="159"/>
        <source>等候中的号（含挂起）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_actions.py" line="251"/>
        <location filename="../../ui/widgets/manager_actions.py" line="263"/>
        <source>请先在上面的列表中选中一个窗口</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_actions.py" line="254"/>
        <source>已开放</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_actions.py" line="254"/>
        <source>已关闭</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_actions.py" line="257"/>
        <source>{0} 号窗口{1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_actions.py" line="265"/>
        <source>{0} 号窗口办理的业务类别</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_actions.py" line="274"/>
        <source>上移</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_actions.py" line="274"/>
        <source>下移</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_actions.py" line="286"/>
        <source>办理类别（按叫号顺序）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_actions.py" line="296"/>
        <source>{0} 号窗口的办理类别已保存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_actions.py" line="304"/>
        <location filename="../../ui/widgets/manager_actions.py" line="326"/>
        <source>请先选中一个等候中的号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_actions.py" line="306"/>
        <source>把 {0} 号移到其他队列</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_actions.py" line="307"/>
        <source>移动</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_actions.py" line="312"/>
        <source>移到</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_actions.py" line="313"/>
        <source>移动后保留原来的排队位置（按原取号时间排队）。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_actions.py" line="321"/>
        <source>{0} 号已移到“{1}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_actions.py" line="328"/>
        <source>作废 {0} 号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_actions.py" line="329"/>
        <source>作废</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_actions.py" line="331"/>
        <source>例如：重复取号、误取号、申请人已离开</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_actions.py" line="332"/>
        <source>作废原因</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_actions.py" line="337"/>
        <source>{0} 号已作废</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_actions.py" line="350"/>
        <source>已保存：暂停超过 {0} 分钟告警；剩 {1} 个工作日及以内的办件标黄；最多重呼 {2} 次</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/manager_actions.py" line="371"/>
        <source>“{0}”的等候目标已改为 {1} 分钟</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>_Dialog</name>
    <message>
        <location filename="../../ui/widgets/queue_dialogs.py" line="53"/>
        <source>确定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/queue_dialogs.py" line="54"/>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
