<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>BoardWindow</name>
    <message>
        <location filename="../../ui/windows/board.py" line="129"/>
        <location filename="../../ui/windows/board.py" line="247"/>
        <source>叫号大屏</source>
        <translation>Calling Board</translation>
    </message>
    <message>
        <location filename="../../ui/windows/board.py" line="143"/>
        <location filename="../../ui/windows/board.py" line="248"/>
        <source>叫号信息暂时无法更新，正在恢复</source>
        <translation>Calls cannot be updated right now; recovering</translation>
    </message>
    <message>
        <location filename="../../ui/windows/board.py" line="155"/>
        <location filename="../../ui/windows/board.py" line="250"/>
        <source>请留意叫号</source>
        <translation>Please watch for your number</translation>
    </message>
    <message>
        <location filename="../../ui/windows/board.py" line="167"/>
        <location filename="../../ui/windows/board.py" line="251"/>
        <source>最近呼叫</source>
        <translation>Recent calls</translation>
    </message>
    <message>
        <location filename="../../ui/windows/board.py" line="243"/>
        <source>请按号码顺序等候叫号，过号无效，请重新取号。军人、老年人、残疾人、孕妇可取优先号。</source>
        <translation>Please wait for your number to be called. A missed number is void; please take a new ticket. Service members, senior citizens, persons with disabilities and pregnant women may take a priority ticket.</translation>
    </message>
    <message>
        <location filename="../../ui/windows/board.py" line="325"/>
        <source>请到 {0} 号窗口</source>
        <translation>Please go to window {0}</translation>
    </message>
    <message>
        <location filename="../../ui/windows/board.py" line="330"/>
        <source>{0} → {1} 号窗口</source>
        <translation>{0} → window {1}</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <location filename="../../ui/windows/kiosk.py" line="122"/>
        <location filename="../../ui/windows/kiosk.py" line="309"/>
        <source>自助取号</source>
        <translation>Take a Ticket</translation>
    </message>
    <message>
        <location filename="../../ui/windows/kiosk.py" line="164"/>
        <location filename="../../ui/windows/kiosk.py" line="312"/>
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../../ui/windows/kiosk.py" line="184"/>
        <location filename="../../ui/windows/kiosk.py" line="313"/>
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../ui/windows/kiosk.py" line="199"/>
        <location filename="../../ui/windows/kiosk.py" line="314"/>
        <location filename="../../ui/windows/kiosk.py" line="324"/>
        <location filename="../../ui/windows/kiosk.py" line="388"/>
        <source>暂停取号</source>
        <translation>Tickets paused</translation>
    </message>
    <message>
        <location filename="../../ui/windows/kiosk.py" line="205"/>
        <location filename="../../ui/windows/kiosk.py" line="316"/>
        <source>系统暂时无法取号，正在自动恢复，恢复后即可取号。请稍候，或向工作人员咨询。</source>
        <translation>Tickets cannot be issued right now. The system is recovering by itself; you can take a ticket as soon as it is back. Please wait, or ask a member of staff.</translation>
    </message>
    <message>
        <location filename="../../ui/windows/kiosk.py" line="235"/>
        <location filename="../../ui/windows/kiosk.py" line="318"/>
        <source>优先取号（军人、老年人、残疾人、孕妇）</source>
        <translation>Priority ticket (service members, seniors, persons with disabilities, pregnant women)</translation>
    </message>
    <message>
        <location filename="../../ui/windows/kiosk.py" line="242"/>
        <location filename="../../ui/windows/kiosk.py" line="319"/>
        <source>返回（不取优先号）</source>
        <translation>Back (no priority ticket)</translation>
    </message>
    <message>
        <location filename="../../ui/windows/kiosk.py" line="326"/>
        <location filename="../../ui/windows/kiosk.py" line="466"/>
        <source>请选择优先原因（请向工作人员出示相关证件）</source>
        <translation>Please choose the reason for priority (show your document to the staff)</translation>
    </message>
    <message>
        <location filename="../../ui/windows/kiosk.py" line="329"/>
        <location filename="../../ui/windows/kiosk.py" line="475"/>
        <source>优先取号（{0}）：请选择业务</source>
        <translation>Priority ticket ({0}): please choose a service</translation>
    </message>
    <message>
        <location filename="../../ui/windows/kiosk.py" line="334"/>
        <location filename="../../ui/windows/kiosk.py" line="453"/>
        <source>请选择您要办理的业务</source>
        <translation>Please choose the service you need</translation>
    </message>
    <message>
        <location filename="../../ui/windows/kiosk.py" line="493"/>
        <source>正在取号，请稍候…</source>
        <translation>Issuing your ticket, please wait…</translation>
    </message>
    <message>
        <location filename="../../ui/windows/kiosk.py" line="519"/>
        <source>请取走号票</source>
        <translation>Please take your ticket</translation>
    </message>
    <message>
        <location filename="../../ui/windows/kiosk.py" line="520"/>
        <source>取号成功，请取走号票</source>
        <translation>Your ticket is ready; please take it</translation>
    </message>
    <message>
        <location filename="../../ui/windows/kiosk.py" line="528"/>
        <source>工作人员请注意：号票打印机故障（{0}）。请检查打印机，并在“未完成的打印”中补打。</source>
        <translation>Staff: the ticket printer has failed ({0}). Please check the printer and reprint from “未完成的打印” (unfinished prints).</translation>
    </message>
    <message>
        <location filename="../../ui/windows/kiosk.py" line="529"/>
        <source>原因不明</source>
        <translation>cause unknown</translation>
    </message>
    <message>
        <location filename="../../ui/windows/kiosk.py" line="534"/>
        <source>取号成功，但号票没有打印出来</source>
        <translation>You have a number, but the ticket did not print</translation>
    </message>
    <message>
        <location filename="../../ui/windows/kiosk.py" line="540"/>
        <source>请记下您的号码 {0}，您已在排队，请留意叫号。需要纸质号票请找工作人员补打。</source>
        <translation>Please note your number {0}. You are in the queue; watch for your number. Ask a member of staff if you need a printed ticket.</translation>
    </message>
    <message>
        <location filename="../../ui/windows/kiosk.py" line="557"/>
        <source>（优先：{0}）</source>
        <translation> (priority: {0})</translation>
    </message>
    <message>
        <location filename="../../ui/windows/kiosk.py" line="561"/>
        <source>您前面还有 {0} 人在等待</source>
        <translation>People waiting before you: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/windows/kiosk.py" line="562"/>
        <source>预计等候约 {0} 分钟</source>
        <translation>Expected wait: about {0} min</translation>
    </message>
    <message>
        <location filename="../../ui/windows/kiosk.py" line="564"/>
        <source>目前暂无窗口办理此业务，窗口开放后按顺序叫号</source>
        <translation>No window serves this right now; numbers are called in order once one opens</translation>
    </message>
    <message>
        <location filename="../../ui/windows/kiosk.py" line="565"/>
        <source>取号时间 {0}</source>
        <translation>Issued at {0}</translation>
    </message>
    <message>
        <location filename="../../ui/windows/kiosk.py" line="566"/>
        <source>请留意叫号，过号无效，请重新取号</source>
        <translation>Please watch for your number. A missed number is void; take a new ticket.</translation>
    </message>
    <message>
        <location filename="../../ui/windows/kiosk.py" line="570"/>
        <source>取号成功</source>
        <translation>Your ticket</translation>
    </message>
    <message>
        <location filename="../../ui/windows/kiosk.py" line="573"/>
        <source>正在打印号票…</source>
        <translation>Printing your ticket…</translation>
    </message>
    <message>
        <location filename="../../ui/windows/kiosk.py" line="573"/>
        <source>请记下您的号码，留意叫号</source>
        <translation>Please note your number and watch for it to be called</translation>
    </message>
</context>
<context>
    <name>Queue</name>
    <message>
        <location filename="../../ui/i18n.py" line="75"/>
        <source>等候 {0} 人 · 暂无窗口办理</source>
        <translation>{0} waiting · no window open now</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="76"/>
        <source>等候 {0} 人 · 约 {1} 分钟</source>
        <translation>{0} waiting · about {1} min</translation>
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
</TS>
