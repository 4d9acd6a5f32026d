<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>BoardView</name>
    <message>
        <location filename="../../app/ui/board.py" line="144"/>
        <source>Dealership board</source>
        <translation>经营看板</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="148"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="150"/>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="152"/>
        <source>Export PDF…</source>
        <translation>导出 PDF…</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="169"/>
        <location filename="../../app/ui/board.py" line="172"/>
        <location filename="../../app/ui/board.py" line="175"/>
        <location filename="../../app/ui/board.py" line="178"/>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="169"/>
        <location filename="../../app/ui/board.py" line="172"/>
        <location filename="../../app/ui/board.py" line="175"/>
        <location filename="../../app/ui/board.py" line="178"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="169"/>
        <location filename="../../app/ui/board.py" line="174"/>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="170"/>
        <location filename="../../app/ui/board.py" line="173"/>
        <location filename="../../app/ui/board.py" line="176"/>
        <location filename="../../app/ui/board.py" line="179"/>
        <source>Days</source>
        <translation>天数</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="170"/>
        <source>Who acts</source>
        <translation>待办角色</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="171"/>
        <source>Consultant</source>
        <translation>销售顾问</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="171"/>
        <source>Missing</source>
        <translation>尚缺</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="173"/>
        <location filename="../../app/ui/board.py" line="180"/>
        <source>Lender</source>
        <translation>贷款机构</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="173"/>
        <location filename="../../app/ui/board.py" line="179"/>
        <source>Signed</source>
        <translation>签约日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="174"/>
        <source>Outstanding</source>
        <translation>未办事项</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="176"/>
        <source>Since</source>
        <translation>起始</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="176"/>
        <source>With</source>
        <translation>持有人</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="177"/>
        <source>Original</source>
        <translation>原件</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="180"/>
        <source>Funded</source>
        <translation>放款日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="185"/>
        <source>Waiting longest in each step</source>
        <translation>各步骤停留最久的案件</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="186"/>
        <source>Contracts in transit</source>
        <translation>在途合同</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="187"/>
        <source>Originals out</source>
        <translation>外借原件</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="189"/>
        <source>Signing to payout, per month</source>
        <translation>签约至放款用时(按月)</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="190"/>
        <source>Signing to payout, per lender</source>
        <translation>签约至放款用时(按贷款机构)</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="193"/>
        <source>Per month</source>
        <translation>按月</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="194"/>
        <source>Per lender</source>
        <translation>按贷款机构</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="195"/>
        <source>Slowest payouts</source>
        <translation>放款最慢的案件</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="236"/>
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="244"/>
        <source>Board</source>
        <translation>看板</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="250"/>
        <source>as of {time}</source>
        <translation>截至 {time}</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="255"/>
        <source>{n} ≥ {days} d</source>
        <translation>{n} 件 ≥ {days} 天</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="264"/>
        <source>Contracts in transit: {n} signed, not yet funded</source>
        <translation>在途合同：{n} 件已签约未放款</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="270"/>
        <source>Originals out: {n}</source>
        <translation>外借原件：{n} 件</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="288"/>
        <source>Export the board as CSV</source>
        <translation>将看板导出为 CSV</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="293"/>
        <source>Export the board as PDF</source>
        <translation>将看板导出为 PDF</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="294"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="312"/>
        <source>{n} file(s) written to {where}</source>
        <translation>已写入 {n} 个文件到 {where}</translation>
    </message>
</context>
<context>
    <name>CaseContext</name>
    <message>
        <location filename="../../app/ui/i18n.py" line="90"/>
        <source>Something went wrong ({0}). The details are in the log: {1}</source>
        <translation>操作未完成，出现意外错误（{0}），详情已记入日志：{1}</translation>
    </message>
</context>
<context>
    <name>CaseHeader</name>
    <message>
        <location filename="../../app/ui/workspace/header.py" line="23"/>
        <source>← Cases</source>
        <translation>← 案件列表</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/header.py" line="24"/>
        <source>Back to the case list (Esc)</source>
        <translation>返回案件列表 (Esc)</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/header.py" line="37"/>
        <source>Show full ID numbers</source>
        <translation>显示完整身份证号</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/header.py" line="39"/>
        <source>Recorded in the case history</source>
        <translation>将记入案件历史</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/header.py" line="56"/>
        <source> · spouse {0} {1}</source>
        <translation> · 配偶 {0} {1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/header.py" line="58"/>
        <source>&lt;b&gt;{0}&lt;/b&gt; {1} · {2}{3}</source>
        <translation>&lt;b&gt;{0}&lt;/b&gt; {1} · {2}{3}</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/header.py" line="63"/>
        <source>{0} {1} {2} · VIN {3}{4}</source>
        <translation>{0} {1} {2} · 车架号 {3}{4}</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/header.py" line="71"/>
        <source>{0} · loan {1}, {2} months · monthly &lt;b&gt;{3}&lt;/b&gt; · &lt;b&gt;APR {4}&lt;/b&gt; · &lt;b&gt;rate {5}&lt;/b&gt; · LTV {6}</source>
        <translation>{0} · 贷款 {1}，{2} 期 · 月供 &lt;b&gt;{3}&lt;/b&gt; · &lt;b&gt;年化利率(APR) {4}&lt;/b&gt; · &lt;b&gt;名义利率 {5}&lt;/b&gt; · 贷款成数 {6}</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/header.py" line="77"/>
        <source>all steps done</source>
        <translation>全部步骤已完成</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/header.py" line="80"/>
        <source>step {0} {1}</source>
        <translation>第{0}步 {1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/header.py" line="81"/>
        <source>consultant {0} · now at &lt;b&gt;{1}&lt;/b&gt;</source>
        <translation>销售顾问 {0} · 当前 &lt;b&gt;{1}&lt;/b&gt;</translation>
    </message>
</context>
<context>
    <name>CaseListPage</name>
    <message>
        <location filename="../../app/ui/case_list.py" line="289"/>
        <source>Search or scan: case number, name, phone, ID or VIN tail, plate  (Ctrl+F)</source>
        <translation>搜索或扫码：案件号、姓名、手机、身份证或车架号尾号、车牌  (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_list.py" line="292"/>
        <source>Search or scan: case number, name, phone or VIN tail, plate  (Ctrl+F)</source>
        <translation>搜索或扫码：案件号、姓名、手机或车架号尾号、车牌  (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_list.py" line="291"/>
        <source>All steps</source>
        <translation>全部步骤</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_list.py" line="296"/>
        <source>All consultants</source>
        <translation>全部销售顾问</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_list.py" line="299"/>
        <source>any time</source>
        <translation>不限</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_list.py" line="300"/>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_list.py" line="301"/>
        <source>Only cases stuck in their step for more than this many days</source>
        <translation>只看在当前步骤停留超过此天数的案件</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_list.py" line="304"/>
        <source>New case…</source>
        <translation>新建案件…</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_list.py" line="310"/>
        <source>In step more than</source>
        <translation>停留超过</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/case_list.py" line="400"/>
        <source>%n case(s)</source>
        <translation>
            <numerusform>%n 个案件</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CaseTableModel</name>
    <message>
        <location filename="../../app/ui/case_list.py" line="63"/>
        <source>Delivered</source>
        <translation>已交车</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_list.py" line="232"/>
        <source>Case</source>
        <translation>案件号</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_list.py" line="232"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_list.py" line="232"/>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_list.py" line="232"/>
        <source>Vehicle</source>
        <translation>车辆</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_list.py" line="233"/>
        <source>Consultant</source>
        <translation>销售顾问</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_list.py" line="233"/>
        <source>Current step</source>
        <translation>当前步骤</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_list.py" line="233"/>
        <source>Days</source>
        <translation>天数</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_list.py" line="234"/>
        <source>What is missing</source>
        <translation>尚缺</translation>
    </message>
</context>
<context>
    <name>CaseWorkspace</name>
    <message>
        <location filename="../../app/ui/workspace/workspace.py" line="75"/>
        <source>Loading the case…</source>
        <translation>正在载入案件…</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/workspace.py" line="82"/>
        <source>What&apos;s missing</source>
        <translation>待办事项</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/workspace.py" line="83"/>
        <source>History</source>
        <translation>案件记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/workspace.py" line="108"/>
        <source>The case cannot be shown: {0}</source>
        <translation>无法显示该案件：{0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/workspace.py" line="185"/>
        <source>Which document?</source>
        <translation>哪一种资料？</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/workspace.py" line="186"/>
        <source>{0} file(s) dropped. Which document are they?</source>
        <translation>拖入了 {0} 个文件，它们是哪一种资料？</translation>
    </message>
</context>
<context>
    <name>ContentEditor</name>
    <message>
        <location filename="../../app/ui/workspace/content_editor.py" line="49"/>
        <source>income {0}</source>
        <translation>{0} 进账</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/content_editor.py" line="58"/>
        <source>Save details</source>
        <translation>保存信息</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/content_editor.py" line="71"/>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/content_editor.py" line="71"/>
        <source>valid until</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/content_editor.py" line="72"/>
        <source>names</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/content_editor.py" line="72"/>
        <source>registered on</source>
        <translation>登记日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/content_editor.py" line="73"/>
        <source>bank</source>
        <translation>银行</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/content_editor.py" line="73"/>
        <source>account (last 4)</source>
        <translation>账号尾号(4位)</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/content_editor.py" line="74"/>
        <source>insurer</source>
        <translation>保险公司</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/content_editor.py" line="74"/>
        <source>policy number</source>
        <translation>保单号</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/content_editor.py" line="75"/>
        <source>cover from</source>
        <translation>保险起期</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/content_editor.py" line="75"/>
        <source>cover until</source>
        <translation>保险止期</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/content_editor.py" line="76"/>
        <source>first beneficiary</source>
        <translation>第一受益人</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/content_editor.py" line="76"/>
        <source>VIN</source>
        <translation>车架号</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/content_editor.py" line="77"/>
        <source>engine number</source>
        <translation>发动机号</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/content_editor.py" line="78"/>
        <source>invoice number</source>
        <translation>发票号</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/content_editor.py" line="78"/>
        <source>amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/content_editor.py" line="83"/>
        <source>YYYY-MM-DD or 长期</source>
        <translation>YYYY-MM-DD 或 长期</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/content_editor.py" line="89"/>
        <source>both names as printed</source>
        <translation>证上双方姓名</translation>
    </message>
</context>
<context>
    <name>CustodyBox</name>
    <message>
        <location filename="../../app/ui/workspace/custody_box.py" line="39"/>
        <source>Originals out of the dealership</source>
        <translation>原件外借</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/custody_box.py" line="50"/>
        <source>with {0} since {1}</source>
        <translation>自 {1} 起由 {0} 持有</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/custody_box.py" line="52"/>
        <source>at the dealership</source>
        <translation>在店内</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/custody_box.py" line="54"/>
        <source>Check in</source>
        <translation>登记归还</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/custody_box.py" line="54"/>
        <source>Check out…</source>
        <translation>登记外借…</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/custody_box.py" line="66"/>
        <source>Check out an original</source>
        <translation>原件外借</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/custody_box.py" line="67"/>
        <source>Who takes it (a colleague, the agent, 车管所)?</source>
        <translation>由谁带走(同事、代办员、车管所)？</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/custody_box.py" line="73"/>
        <source>Checked out to {0}.</source>
        <translation>已借给 {0}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/custody_box.py" line="80"/>
        <source>Back after {0} day(s).</source>
        <translation>已归还，外借 {0} 天。</translation>
    </message>
</context>
<context>
    <name>DocumentImport</name>
    <message>
        <location filename="../../app/ui/workspace/document_import.py" line="32"/>
        <source>Importing {0}…</source>
        <translation>正在导入{0}…</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/document_import.py" line="33"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/document_import.py" line="34"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/document_import.py" line="61"/>
        <source>Reading {0} ({1} of {2})</source>
        <translation>正在读取 {0}（第 {1} 个，共 {2} 个）</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/document_import.py" line="72"/>
        <source>Import cancelled: nothing was added.</source>
        <translation>已取消导入，未添加任何资料。</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/document_import.py" line="83"/>
        <source>Added {0} page(s) to {1}: {2}</source>
        <translation>已向{1}添加 {0} 页：{2}</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/document_import.py" line="86"/>
        <source>Refused {0}: {1}</source>
        <translation>未接收 {0}：{1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/document_import.py" line="88"/>
        <source>{0} is already in the case files: {1}</source>
        <translation>{0} 已存在于：{1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/document_import.py" line="91"/>
        <source>Check {0}: {1}</source>
        <translation>请检查 {0}：{1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/document_import.py" line="93"/>
        <source>Nothing was added.</source>
        <translation>未添加任何资料。</translation>
    </message>
</context>
<context>
    <name>DocumentSlot</name>
    <message>
        <location filename="../../app/ui/workspace/document_slot.py" line="63"/>
        <source>Drop photos, scans or PDFs here</source>
        <translation>可将照片、扫描件或 PDF 拖到这里</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/document_slot.py" line="81"/>
        <source>Add files…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/document_slot.py" line="89"/>
        <source>present</source>
        <translation>已收</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/document_slot.py" line="89"/>
        <source>missing</source>
        <translation>缺少</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/document_slot.py" line="90"/>
        <source>invalid</source>
        <translation>有误</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/document_slot.py" line="90"/>
        <source>waiting</source>
        <translation>等待</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/document_slot.py" line="105"/>
        <source>{0}, page {1}: click to view</source>
        <translation>{0} 第 {1} 页：点击查看</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/document_slot.py" line="110"/>
        <source>+{0} more</source>
        <translation>另有 {0} 页</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/document_slot.py" line="114"/>
        <source>{0} page(s) · {1} · added {2}</source>
        <translation>{0} 页 · {1} · 添加于 {2}</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/document_slot.py" line="115"/>
        <source>no file</source>
        <translation>无文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/document_slot.py" line="128"/>
        <source>View pages</source>
        <translation>查看页面</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/document_slot.py" line="131"/>
        <source>Remove…</source>
        <translation>移除…</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/document_slot.py" line="134"/>
        <source>Replace…</source>
        <translation>替换…</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/document_slot.py" line="151"/>
        <source>Add {0}</source>
        <translation>添加{0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/document_slot.py" line="152"/>
        <source>Photos, scans and PDFs ({0});;All files (*)</source>
        <translation>照片、扫描件和 PDF ({0});;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/document_slot.py" line="172"/>
        <source>Replace document</source>
        <translation>替换资料</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/document_slot.py" line="173"/>
        <source>Replace this {0} ({1} page(s)) with new files? The case history keeps a record of the old one.</source>
        <translation>用新文件替换该{0}(共 {1} 页)？案件记录会保留旧资料的记录。</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/document_slot.py" line="211"/>
        <location filename="../../app/ui/workspace/document_slot.py" line="217"/>
        <source>Remove document</source>
        <translation>移除资料</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/document_slot.py" line="212"/>
        <source>Remove this {0} ({1} page(s)) from the case? Why:</source>
        <translation>从案件中移除这份{0}（{1} 页）？原因：</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/document_slot.py" line="218"/>
        <source>Really remove it? The case history keeps a record.</source>
        <translation>确定移除吗？案件记录中会保留此操作。</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/document_slot.py" line="223"/>
        <source>Document removed.</source>
        <translation>资料已移除。</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../app/ui/i18n.py" line="106"/>
        <source>LoanDesk</source>
        <translation>LoanDesk</translation>
    </message>
    <message>
        <location filename="../../app/ui/i18n.py" line="116"/>
        <source>Something went wrong and the action was not completed.
Please try again; if it keeps happening, tell the administrator.

({kind})</source>
        <translation>出现问题，操作未完成。
请重试；如果反复出现，请告知管理员。

({kind})</translation>
    </message>
</context>
<context>
    <name>FirstAdministrator</name>
    <message>
        <location filename="../../app/ui/sign_in.py" line="106"/>
        <source>A new LoanDesk database</source>
        <translation>新建 LoanDesk 数据库</translation>
    </message>
    <message>
        <location filename="../../app/ui/sign_in.py" line="107"/>
        <source>This database has no users yet. Choose the password of the administrator (user name: admin), who then adds the staff.</source>
        <translation>该数据库还没有用户。请设置管理员(用户名：admin)的密码，之后由管理员添加员工。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sign_in.py" line="117"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../app/ui/sign_in.py" line="118"/>
        <source>Again</source>
        <translation>再次输入</translation>
    </message>
    <message>
        <location filename="../../app/ui/sign_in.py" line="132"/>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>FormPreview</name>
    <message>
        <location filename="../../app/ui/form_preview.py" line="61"/>
        <source>Issue</source>
        <translation>出具</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_preview.py" line="62"/>
        <source>Give the form its serial number and record it</source>
        <translation>为表单编号并登记出具记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_preview.py" line="66"/>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_preview.py" line="68"/>
        <source>Save as PDF…</source>
        <translation>另存为 PDF…</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_preview.py" line="70"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_preview.py" line="80"/>
        <source>Draft only, nothing is recorded. Not issuable yet: {0}</source>
        <translation>仅为草稿，不做登记。暂不能出具：{0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_preview.py" line="84"/>
        <source>Draft preview: nothing is recorded until you issue it.</source>
        <translation>草稿预览：出具之前不做任何登记。</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_preview.py" line="85"/>
        <source>Draft preview.</source>
        <translation>草稿预览。</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_preview.py" line="118"/>
        <source>Issued as {0}.</source>
        <translation>已出具，单号 {0}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_preview.py" line="119"/>
        <source>Reprinted as {0} (marked 补打).</source>
        <translation>已补打，单号 {0}（标注「补打」）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_preview.py" line="129"/>
        <source>The form could not be issued: {0}</source>
        <translation>表单未能出具：{0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_preview.py" line="139"/>
        <source>Print {0}</source>
        <translation>打印{0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_preview.py" line="149"/>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_preview.py" line="149"/>
        <source>The printer is not ready.</source>
        <translation>打印机未就绪。</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_preview.py" line="173"/>
        <location filename="../../app/ui/form_preview.py" line="184"/>
        <source>Save as PDF</source>
        <translation>另存为 PDF</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_preview.py" line="174"/>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_preview.py" line="185"/>
        <source>Could not save {0}: {1}</source>
        <translation>无法保存 {0}：{1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_preview.py" line="187"/>
        <source>Saved {0}</source>
        <translation>已保存 {0}</translation>
    </message>
</context>
<context>
    <name>FormsBar</name>
    <message>
        <location filename="../../app/ui/workspace/forms_bar.py" line="46"/>
        <source>Credit dossier…</source>
        <translation>贷款资料包…</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/forms_bar.py" line="48"/>
        <source>One PDF of every document for the lender</source>
        <translation>把全部资料合成一个 PDF，提交贷款机构</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/forms_bar.py" line="61"/>
        <source>, reprinted {0}×</source>
        <translation>，补打 {0} 次</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/forms_bar.py" line="63"/>
        <source>{0} {1}: issued by {2} on {3}{4}</source>
        <translation>{0} {1}：{2} 于 {3} 出具{4}</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/forms_bar.py" line="70"/>
        <source>received by {0} on {1}</source>
        <translation>{0} 于 {1} 签收</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/forms_bar.py" line="75"/>
        <source>not yet received</source>
        <translation>尚未签收</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/forms_bar.py" line="77"/>
        <source>Confirm receipt</source>
        <translation>确认签收</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/forms_bar.py" line="111"/>
        <source>Preparing {0}…</source>
        <translation>正在生成{0}…</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/forms_bar.py" line="129"/>
        <source>Credit dossier {0}</source>
        <translation>贷款资料包 {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/forms_bar.py" line="134"/>
        <source>Draft: {0}</source>
        <translation>草稿：{0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/forms_bar.py" line="136"/>
        <source>Complete dossier, ready for the lender.</source>
        <translation>资料齐全，可提交贷款机构。</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/forms_bar.py" line="139"/>
        <source>Building the credit dossier…</source>
        <translation>正在生成贷款资料包…</translation>
    </message>
</context>
<context>
    <name>FundingChart</name>
    <message>
        <location filename="../../app/ui/board_charts.py" line="51"/>
        <source>{title} (median of all {days} days)</source>
        <translation>{title}(总中位数 {days} 天)</translation>
    </message>
    <message>
        <location filename="../../app/ui/board_charts.py" line="57"/>
        <source>Median days</source>
        <translation>中位天数</translation>
    </message>
    <message>
        <location filename="../../app/ui/board_charts.py" line="59"/>
        <source>Average days</source>
        <translation>平均天数</translation>
    </message>
    <message>
        <location filename="../../app/ui/board_charts.py" line="79"/>
        <source>days</source>
        <translation>天</translation>
    </message>
    <message>
        <location filename="../../app/ui/board_charts.py" line="90"/>
        <source>Median of all: {days} days</source>
        <translation>总中位数：{days} 天</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <location filename="../../app/ui/workspace/history.py" line="50"/>
        <source>What happened</source>
        <translation>事项</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/history.py" line="42"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/history.py" line="42"/>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/history.py" line="42"/>
        <source>What</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/history.py" line="42"/>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/history.py" line="65"/>
        <source>case opened</source>
        <translation>新建案件</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/history.py" line="65"/>
        <source>case changed</source>
        <translation>修改案件</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/history.py" line="66"/>
        <source>task done</source>
        <translation>完成任务</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/history.py" line="66"/>
        <source>task taken back</source>
        <translation>撤销任务</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/history.py" line="67"/>
        <source>gate overridden</source>
        <translation>关卡放行</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/history.py" line="68"/>
        <source>document added</source>
        <translation>添加资料</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/history.py" line="69"/>
        <source>document details</source>
        <translation>录入资料信息</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/history.py" line="70"/>
        <source>document removed</source>
        <translation>移除资料</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/history.py" line="71"/>
        <source>form issued</source>
        <translation>出具表单</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/history.py" line="71"/>
        <source>form reprinted</source>
        <translation>补打表单</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/history.py" line="72"/>
        <source>copy received</source>
        <translation>签收联单</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/history.py" line="73"/>
        <source>credit dossier built</source>
        <translation>生成资料包</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/history.py" line="104"/>
        <source>draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/history.py" line="106"/>
        <source>reason: {0}</source>
        <translation>原因：{0}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/ui/main_window.py" line="82"/>
        <source>Opening the database…</source>
        <translation>正在打开数据库…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="90"/>
        <source>&amp;Case</source>
        <translation>案件(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="91"/>
        <source>&amp;New case…</source>
        <translation>新建案件(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="93"/>
        <source>&amp;Find a case</source>
        <translation>查找案件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="95"/>
        <source>&amp;Back to the list</source>
        <translation>返回列表(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="97"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="103"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="104"/>
        <source>&amp;Today</source>
        <translation>今日(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="106"/>
        <source>&amp;Board</source>
        <translation>看板(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="110"/>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="111"/>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="138"/>
        <source>The database could not be opened.</source>
        <translation>无法打开数据库。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="203"/>
        <source>Signed in as %1</source>
        <translation>当前用户：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="212"/>
        <source>Cases are for the loan staff. Users, lenders, settings and backups: Tools → Settings.</source>
        <translation>案件由贷款业务人员办理。用户、贷款机构、设置与备份：工具 → 设置。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="257"/>
        <source>%1 changed this case on another workstation.</source>
        <translation>%1 在另一台工作站修改了此案件。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="334"/>
        <source>Case %1</source>
        <translation>案件 %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="364"/>
        <source>Add a lender first (Tools → Settings → Lenders).</source>
        <translation>请先添加贷款机构(工具 → 设置 → 贷款机构)。</translation>
    </message>
</context>
<context>
    <name>MissingPanel</name>
    <message>
        <location filename="../../app/ui/workspace/missing_panel.py" line="44"/>
        <source>Nothing is missing: every step is done.</source>
        <translation>没有待办事项，所有步骤均已完成。</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/missing_panel.py" line="46"/>
        <source>{0} to do now, {1} waiting for earlier steps</source>
        <translation>现在可办 {0} 项，{1} 项等待前序步骤</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/missing_panel.py" line="49"/>
        <source>To do now ({0})</source>
        <translation>现在可办 ({0})</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/missing_panel.py" line="50"/>
        <source>Waiting ({0})</source>
        <translation>等待中 ({0})</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/missing_panel.py" line="68"/>
        <source>Step {0} {1}: click to go there</source>
        <translation>第{0}步「{1}」：点击前往</translation>
    </message>
</context>
<context>
    <name>NewCaseDialog</name>
    <message>
        <location filename="../../app/ui/new_case.py" line="60"/>
        <source>New case</source>
        <translation>新建案件</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="89"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="90"/>
        <location filename="../../app/ui/new_case.py" line="103"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="91"/>
        <location filename="../../app/ui/new_case.py" line="104"/>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="92"/>
        <location filename="../../app/ui/new_case.py" line="105"/>
        <source>Mobile</source>
        <translation>手机</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="94"/>
        <source>Married</source>
        <translation>已婚</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="94"/>
        <source>Single</source>
        <translation>未婚</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="95"/>
        <source>Divorced</source>
        <translation>离异</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="95"/>
        <source>Widowed</source>
        <translation>丧偶</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="97"/>
        <source>Marital status</source>
        <translation>婚姻状况</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="98"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="99"/>
        <source>Employer</source>
        <translation>工作单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="100"/>
        <source>Self-employed</source>
        <translation>个体经营</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="102"/>
        <source>Spouse</source>
        <translation>配偶</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="105"/>
        <source>optional</source>
        <translation>选填</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="107"/>
        <source>Vehicle</source>
        <translation>车辆</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="108"/>
        <source>Brand</source>
        <translation>品牌</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="108"/>
        <source>e.g. 大众</source>
        <translation>如 大众</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="109"/>
        <source>Model</source>
        <translation>车型</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="110"/>
        <source>VIN</source>
        <translation>车架号(VIN)</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="111"/>
        <source>Engine number</source>
        <translation>发动机号</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="112"/>
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="113"/>
        <source>Price (¥)</source>
        <translation>车价(元)</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="114"/>
        <source>New-energy vehicle</source>
        <translation>新能源车</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="115"/>
        <source>Used car</source>
        <translation>二手车</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="119"/>
        <source>Loan</source>
        <translation>贷款</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="122"/>
        <source>Lender</source>
        <translation>贷款机构</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="123"/>
        <source>Loan amount (¥)</source>
        <translation>贷款金额(元)</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="124"/>
        <source>Down payment (¥)</source>
        <translation>首付款(元)</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="128"/>
        <source> months</source>
        <translation> 个月</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="129"/>
        <source>Term</source>
        <translation>期限</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="135"/>
        <source>Nominal yearly rate</source>
        <translation>名义年利率</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="137"/>
        <source>Level payment (等额本息)</source>
        <translation>等额本息</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="138"/>
        <source>Equal principal (等额本金)</source>
        <translation>等额本金</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="139"/>
        <source>Repayment</source>
        <translation>还款方式</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="140"/>
        <source>Fees (¥)</source>
        <translation>手续费(元)</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="145"/>
        <source>Create case</source>
        <translation>创建案件</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="183"/>
        <source>What the customer pays</source>
        <translation>客户还款</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="187"/>
        <source>Monthly payment</source>
        <translation>月供</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="188"/>
        <source>APR (annualised, IRR)</source>
        <translation>年化利率(APR，IRR法)</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="196"/>
        <source>Total interest</source>
        <translation>利息总额</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="197"/>
        <source>Loan-to-value</source>
        <translation>贷款成数</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="335"/>
        <source>%1 (limit %2)</source>
        <translation>%1(上限 %2)</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="342"/>
        <source>Refused: </source>
        <translation>不能受理：</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="363"/>
        <source>The case cannot be checked right now.</source>
        <translation>暂时无法校验案件。</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="371"/>
        <source>To fix before creating: </source>
        <translation>创建前请修正：</translation>
    </message>
</context>
<context>
    <name>PageViewer</name>
    <message>
        <location filename="../../app/ui/page_viewer.py" line="40"/>
        <source>Pages</source>
        <translation>页面</translation>
    </message>
    <message>
        <location filename="../../app/ui/page_viewer.py" line="44"/>
        <source>◀ Previous</source>
        <translation>◀ 上一页</translation>
    </message>
    <message>
        <location filename="../../app/ui/page_viewer.py" line="46"/>
        <source>Next ▶</source>
        <translation>下一页 ▶</translation>
    </message>
    <message>
        <location filename="../../app/ui/page_viewer.py" line="51"/>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <location filename="../../app/ui/page_viewer.py" line="52"/>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <location filename="../../app/ui/page_viewer.py" line="53"/>
        <source>Fit</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <location filename="../../app/ui/page_viewer.py" line="54"/>
        <source>Rotate ⟲</source>
        <translation>向左旋转</translation>
    </message>
    <message>
        <location filename="../../app/ui/page_viewer.py" line="55"/>
        <source>Rotate ⟳</source>
        <translation>向右旋转</translation>
    </message>
    <message>
        <location filename="../../app/ui/page_viewer.py" line="59"/>
        <location filename="../../app/ui/page_viewer.py" line="91"/>
        <source>Loading…</source>
        <translation>正在载入…</translation>
    </message>
    <message>
        <location filename="../../app/ui/page_viewer.py" line="78"/>
        <source>This document has no pages.</source>
        <translation>这份资料没有页面。</translation>
    </message>
    <message>
        <location filename="../../app/ui/page_viewer.py" line="84"/>
        <source>Page {0} of {1} · {2}</source>
        <translation>第 {0} 页，共 {1} 页 · {2}</translation>
    </message>
    <message>
        <location filename="../../app/ui/page_viewer.py" line="108"/>
        <source>This page cannot be shown: {0}</source>
        <translation>无法显示此页：{0}</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="56"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="58"/>
        <source>Dealership</source>
        <translation>经销商</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="59"/>
        <source>Lenders</source>
        <translation>贷款机构</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="61"/>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="62"/>
        <location filename="../../app/ui/settings_dialog.py" line="151"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="63"/>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="76"/>
        <source>Only an administrator can change these.</source>
        <translation>只有管理员可以修改这些设置。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="87"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="87"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="87"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="91"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="106"/>
        <source>Lender</source>
        <translation>贷款机构</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="106"/>
        <source>Max loan-to-value</source>
        <translation>最高贷款成数</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="106"/>
        <source>New-energy</source>
        <translation>新能源</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="107"/>
        <source>Longest term</source>
        <translation>最长期限</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="107"/>
        <source>Income multiple</source>
        <translation>收入倍数</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="113"/>
        <source>New lender&apos;s name</source>
        <translation>新贷款机构名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="121"/>
        <source> months</source>
        <translation> 个月</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="127"/>
        <source>Add lender</source>
        <translation>添加贷款机构</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="130"/>
        <source>Save limits</source>
        <translation>保存限额</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="152"/>
        <source>The new language is used from the next start of LoanDesk.</source>
        <translation>新语言在下次启动 LoanDesk 时生效。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="161"/>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="163"/>
        <source>Data folder</source>
        <translation>数据目录</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="168"/>
        <source>Everything, documents included, is in this one database: back it up and you have backed up LoanDesk.</source>
        <translation>所有数据(包括资料文件)都在这一个数据库中：备份它，就备份了 LoanDesk。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/settings_dialog.py" line="196"/>
        <source>%n month(s)</source>
        <translation>
            <numerusform>%n 个月</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SignIn</name>
    <message>
        <location filename="../../app/ui/sign_in.py" line="39"/>
        <source>Sign in to LoanDesk</source>
        <translation>登录 LoanDesk</translation>
    </message>
    <message>
        <location filename="../../app/ui/sign_in.py" line="49"/>
        <source>Choose your name and type your password. Everything you do is recorded under your name.</source>
        <translation>请选择您的姓名并输入密码。您的所有操作都会以您的名义记录。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sign_in.py" line="55"/>
        <source>There is no active user called %1. Choose your name.</source>
        <translation>没有名为 %1 的在用用户，请选择您的姓名。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sign_in.py" line="58"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../app/ui/sign_in.py" line="59"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../app/ui/sign_in.py" line="62"/>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
</context>
<context>
    <name>StepPage</name>
    <message>
        <location filename="../../app/ui/workspace/step_page.py" line="48"/>
        <source>Step {0}: {1}</source>
        <translation>第{0}步：{1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/step_page.py" line="77"/>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/step_page.py" line="104"/>
        <source>Documents</source>
        <translation>资料</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/step_page.py" line="90"/>
        <source>Forms</source>
        <translation>表单</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/step_page.py" line="65"/>
        <source>{0} with {1} since {2}</source>
        <translation>{0}：{1} 持有，自 {2} 起</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/step_page.py" line="68"/>
        <source>Originals out of the dealership:</source>
        <translation>以下原件尚在店外：</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/step_page.py" line="125"/>
        <source>Gate closed: {0} — {1}</source>
        <translation>关卡未开：{0}——{1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/step_page.py" line="132"/>
        <source>Override gate…</source>
        <translation>放行关卡…</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/step_page.py" line="141"/>
        <source>Override gate</source>
        <translation>放行关卡</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/step_page.py" line="142"/>
        <source>Open the gate “{0}” for this case only.
The reason is kept in the case history (at least 10 characters):</source>
        <translation>仅对本案放行关卡「{0}」。
放行理由将记入案件记录（至少 10 个字）：</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/step_page.py" line="148"/>
        <source>Gate opened; the reason is in the case history.</source>
        <translation>关卡已放行，理由已记入案件记录。</translation>
    </message>
</context>
<context>
    <name>Stepper</name>
    <message>
        <location filename="../../app/ui/workspace/stepper.py" line="39"/>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/stepper.py" line="40"/>
        <source>current</source>
        <translation>进行中</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/stepper.py" line="41"/>
        <source>open</source>
        <translation>可办理</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/stepper.py" line="42"/>
        <source>waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/stepper.py" line="43"/>
        <source>blocked</source>
        <translation>受阻</translation>
    </message>
</context>
<context>
    <name>TaskRow</name>
    <message>
        <location filename="../../app/ui/workspace/task_row.py" line="41"/>
        <source>Per the case: {0}&#x3000;{1}</source>
        <translation>按案件应为：{0}　{1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/task_row.py" line="65"/>
        <source>done by {0} on {1}</source>
        <translation>{0} 于 {1} 完成</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/task_row.py" line="68"/>
        <source>Undo…</source>
        <translation>撤销…</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/task_row.py" line="71"/>
        <source>Record…</source>
        <translation>登记…</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/task_row.py" line="71"/>
        <source>Mark done</source>
        <translation>标记完成</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/task_row.py" line="75"/>
        <source>only {0} may do this</source>
        <translation>仅限{0}办理</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/task_row.py" line="78"/>
        <source>Not yet: {0}</source>
        <translation>暂不能办理：{0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/task_row.py" line="93"/>
        <source>approved</source>
        <translation>通过</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/task_row.py" line="93"/>
        <source>rejected</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/task_row.py" line="94"/>
        <source>more documents needed</source>
        <translation>需补充资料</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/task_row.py" line="100"/>
        <source>A manager may override this gate with a written reason.</source>
        <translation>经理可填写理由后放行此关卡。</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/task_row.py" line="132"/>
        <location filename="../../app/ui/workspace/task_row.py" line="141"/>
        <source>Undo task</source>
        <translation>撤销任务</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/task_row.py" line="133"/>
        <source>Why is “{0}” taken back? (kept in the case history)</source>
        <translation>为什么撤销「{0}」？（将记入案件记录）</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/task_row.py" line="138"/>
        <source>An undo needs a reason.</source>
        <translation>撤销须填写原因。</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/task_row.py" line="142"/>
        <source>Take back “{0}”?</source>
        <translation>确定撤销「{0}」吗？</translation>
    </message>
</context>
<context>
    <name>TaskValuesDialog</name>
    <message>
        <location filename="../../app/ui/workspace/task_dialog.py" line="46"/>
        <source> (optional)</source>
        <translation>（选填）</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/task_dialog.py" line="70"/>
        <source>approved</source>
        <translation>通过</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/task_dialog.py" line="70"/>
        <source>rejected</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/task_dialog.py" line="71"/>
        <source>more documents needed</source>
        <translation>需补充资料</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/task_dialog.py" line="86"/>
        <source>e.g. 京A12345</source>
        <translation>如 京A12345</translation>
    </message>
</context>
<context>
    <name>TodayView</name>
    <message>
        <location filename="../../app/ui/today.py" line="58"/>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="60"/>
        <location filename="../../app/ui/today.py" line="63"/>
        <location filename="../../app/ui/today.py" line="66"/>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="60"/>
        <location filename="../../app/ui/today.py" line="63"/>
        <location filename="../../app/ui/today.py" line="66"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="60"/>
        <location filename="../../app/ui/today.py" line="63"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="61"/>
        <location filename="../../app/ui/today.py" line="64"/>
        <source>Consultant</source>
        <translation>销售顾问</translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="61"/>
        <source>Visit due</source>
        <translation>应回访日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="62"/>
        <source>Days late</source>
        <translation>逾期天数</translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="64"/>
        <source>Instalment</source>
        <translation>期数</translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="65"/>
        <source>Due</source>
        <translation>应还日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="65"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="66"/>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="67"/>
        <source>Days</source>
        <translation>天数</translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="67"/>
        <source>Missing</source>
        <translation>尚缺</translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="68"/>
        <source>Record the visit…</source>
        <translation>登记回访…</translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="70"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="79"/>
        <source>Follow-up visits due</source>
        <translation>待回访</translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="80"/>
        <source>Repayments due in the next two days</source>
        <translation>两天内到期的还款</translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="81"/>
        <source>Cases waiting {days} days or more</source>
        <translation>停留 {days} 天及以上的案件</translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="102"/>
        <source>everyone</source>
        <translation>全部人员</translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="103"/>
        <source>Today, {0} — {1}</source>
        <translation>今日 {0} — {1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="129"/>
        <location filename="../../app/ui/today.py" line="133"/>
        <source>Follow-up visit</source>
        <translation>回访</translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="130"/>
        <source>How did the visit to {0} go?</source>
        <translation>{0} 的回访情况如何？</translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="134"/>
        <source>Did the customer leave a review?</source>
        <translation>客户是否留下了评价？</translation>
    </message>
</context>
<context>
    <name>UsersTab</name>
    <message>
        <location filename="../../app/ui/users_tab.py" line="41"/>
        <source>Sign-in name</source>
        <translation>登录名</translation>
    </message>
    <message>
        <location filename="../../app/ui/users_tab.py" line="41"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/ui/users_tab.py" line="42"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../app/ui/users_tab.py" line="42"/>
        <source>Active</source>
        <translation>启用</translation>
    </message>
    <message>
        <location filename="../../app/ui/users_tab.py" line="48"/>
        <source>sign-in name, e.g. wang.fang</source>
        <translation>登录名，如 wang.fang</translation>
    </message>
    <message>
        <location filename="../../app/ui/users_tab.py" line="50"/>
        <source>name, e.g. 王芳</source>
        <translation>姓名，如 王芳</translation>
    </message>
    <message>
        <location filename="../../app/ui/users_tab.py" line="54"/>
        <source>Add user…</source>
        <translation>添加用户…</translation>
    </message>
    <message>
        <location filename="../../app/ui/users_tab.py" line="56"/>
        <source>Give the selected user this role</source>
        <translation>将所选用户设为此角色</translation>
    </message>
    <message>
        <location filename="../../app/ui/users_tab.py" line="58"/>
        <source>Switch the selected account off / on</source>
        <translation>停用 / 启用所选账户</translation>
    </message>
    <message>
        <location filename="../../app/ui/users_tab.py" line="60"/>
        <source>Set a new password…</source>
        <translation>设置新密码…</translation>
    </message>
    <message>
        <location filename="../../app/ui/users_tab.py" line="92"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../app/ui/users_tab.py" line="92"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../app/ui/users_tab.py" line="114"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../app/ui/users_tab.py" line="114"/>
        <source>Password for %1 (at least 8 characters):</source>
        <translation>%1 的密码(至少 8 位)：</translation>
    </message>
    <message>
        <location filename="../../app/ui/users_tab.py" line="125"/>
        <source>%1 added.</source>
        <translation>已添加 %1。</translation>
    </message>
    <message>
        <location filename="../../app/ui/users_tab.py" line="132"/>
        <source>%1&apos;s role changed.</source>
        <translation>已更改 %1 的角色。</translation>
    </message>
    <message>
        <location filename="../../app/ui/users_tab.py" line="139"/>
        <source>%1 switched off.</source>
        <translation>已停用 %1。</translation>
    </message>
    <message>
        <location filename="../../app/ui/users_tab.py" line="141"/>
        <source>%1 switched on.</source>
        <translation>已启用 %1。</translation>
    </message>
    <message>
        <location filename="../../app/ui/users_tab.py" line="149"/>
        <source>New password set for %1.</source>
        <translation>已为 %1 设置新密码。</translation>
    </message>
</context>
</TS>
