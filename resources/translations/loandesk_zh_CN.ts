<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../app/ui/about.py" line="74"/>
        <source>About LoanDesk</source>
        <translation>关于 LoanDesk</translation>
    </message>
    <message>
        <location filename="../../app/ui/about.py" line="76"/>
        <source>LoanDesk %1</source>
        <translation>LoanDesk %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/about.py" line="83"/>
        <source>Car loans at the dealership desk.</source>
        <translation>汽车经销店的车贷工作台。</translation>
    </message>
    <message>
        <location filename="../../app/ui/about.py" line="87"/>
        <location filename="../../app/ui/about.py" line="100"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../../app/ui/about.py" line="88"/>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <location filename="../../app/ui/about.py" line="89"/>
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/about.py" line="90"/>
        <source>Error log</source>
        <translation>错误日志</translation>
    </message>
    <message>
        <location filename="../../app/ui/about.py" line="97"/>
        <source>LoanDesk is built on the work of others:</source>
        <translation>LoanDesk 使用了以下开源组件：</translation>
    </message>
    <message>
        <location filename="../../app/ui/about.py" line="100"/>
        <source>Component</source>
        <translation>组件</translation>
    </message>
    <message>
        <location filename="../../app/ui/about.py" line="100"/>
        <source>Licence</source>
        <translation>许可证</translation>
    </message>
    <message>
        <location filename="../../app/ui/about.py" line="113"/>
        <source>Qt and PySide6 are used under the GNU LGPL version 3: you may replace them with your own build of the same version.</source>
        <translation>Qt 与 PySide6 依据 GNU LGPL 第 3 版使用：您可以用自行编译的同版本替换它们。</translation>
    </message>
</context>
<context>
    <name>BoardView</name>
    <message>
        <location filename="../../app/ui/board.py" line="145"/>
        <source>Dealership board</source>
        <translation>经营看板</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="149"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="151"/>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="153"/>
        <source>Export PDF…</source>
        <translation>导出 PDF…</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="170"/>
        <location filename="../../app/ui/board.py" line="173"/>
        <location filename="../../app/ui/board.py" line="176"/>
        <location filename="../../app/ui/board.py" line="179"/>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="170"/>
        <location filename="../../app/ui/board.py" line="173"/>
        <location filename="../../app/ui/board.py" line="176"/>
        <location filename="../../app/ui/board.py" line="179"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="170"/>
        <location filename="../../app/ui/board.py" line="175"/>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="171"/>
        <location filename="../../app/ui/board.py" line="174"/>
        <location filename="../../app/ui/board.py" line="177"/>
        <location filename="../../app/ui/board.py" line="180"/>
        <source>Days</source>
        <translation>天数</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="171"/>
        <source>Who acts</source>
        <translation>待办角色</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="172"/>
        <source>Consultant</source>
        <translation>销售顾问</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="172"/>
        <source>Missing</source>
        <translation>尚缺</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="174"/>
        <location filename="../../app/ui/board.py" line="181"/>
        <source>Lender</source>
        <translation>贷款机构</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="174"/>
        <location filename="../../app/ui/board.py" line="180"/>
        <source>Signed</source>
        <translation>签约日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="175"/>
        <source>Outstanding</source>
        <translation>未办事项</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="177"/>
        <source>Since</source>
        <translation>起始</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="177"/>
        <source>With</source>
        <translation>持有人</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="178"/>
        <source>Original</source>
        <translation>原件</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="181"/>
        <source>Funded</source>
        <translation>放款日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="186"/>
        <source>Waiting longest in each step</source>
        <translation>各步骤停留最久的案件</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="187"/>
        <source>Contracts in transit</source>
        <translation>在途合同</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="188"/>
        <source>Originals out</source>
        <translation>外借原件</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="190"/>
        <source>Signing to payout, per month</source>
        <translation>签约至放款用时(按月)</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="191"/>
        <source>Signing to payout, per lender</source>
        <translation>签约至放款用时(按贷款机构)</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="194"/>
        <source>Per month</source>
        <translation>按月</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="195"/>
        <source>Per lender</source>
        <translation>按贷款机构</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="196"/>
        <source>Slowest payouts</source>
        <translation>放款最慢的案件</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="237"/>
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="245"/>
        <source>Board</source>
        <translation>看板</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="251"/>
        <source>as of {time}</source>
        <translation>截至 {time}</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="256"/>
        <source>{n} ≥ {days} d</source>
        <translation>{n} 件 ≥ {days} 天</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="265"/>
        <source>Contracts in transit: {n} signed, not yet funded</source>
        <translation>在途合同：{n} 件已签约未放款</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="271"/>
        <source>Originals out: {n}</source>
        <translation>外借原件：{n} 件</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="289"/>
        <source>Export the board as CSV</source>
        <translation>将看板导出为 CSV</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="294"/>
        <source>Export the board as PDF</source>
        <translation>将看板导出为 PDF</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="295"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../app/ui/board.py" line="315"/>
        <source>{n} file(s) written to {where}</source>
        <translation>已写入 {n} 个文件到 {where}</translation>
    </message>
</context>
<context>
    <name>CameraCaptureDialog</name>
    <message>
        <location filename="../../app/ui/camera_capture.py" line="83"/>
        <source>Capture {0}</source>
        <translation>拍摄{0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/camera_capture.py" line="95"/>
        <source>Camera:</source>
        <translation>摄像头：</translation>
    </message>
    <message>
        <location filename="../../app/ui/camera_capture.py" line="99"/>
        <source>Crop to the paper and straighten it</source>
        <translation>裁切到纸张边缘并摆正</translation>
    </message>
    <message>
        <location filename="../../app/ui/camera_capture.py" line="124"/>
        <source>Capture page</source>
        <translation>拍摄一页</translation>
    </message>
    <message>
        <location filename="../../app/ui/camera_capture.py" line="128"/>
        <source>Remove last page</source>
        <translation>删除最后一页</translation>
    </message>
    <message>
        <location filename="../../app/ui/camera_capture.py" line="166"/>
        <source>Camera support is not installed on this computer (Qt Multimedia, part of PySide6-Addons). Add the pages as files instead.</source>
        <translation>本电脑未安装摄像头支持（Qt Multimedia，属于 PySide6-Addons）。请改为添加文件。</translation>
    </message>
    <message>
        <location filename="../../app/ui/camera_capture.py" line="171"/>
        <source>No camera found. Connect the document camera (USB) and open this window again, or add the pages as files.</source>
        <translation>未找到摄像头。请连接高拍仪（USB）后重新打开此窗口，或改为添加文件。</translation>
    </message>
    <message>
        <location filename="../../app/ui/camera_capture.py" line="188"/>
        <source>Camera error: {0}</source>
        <translation>摄像头错误：{0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/camera_capture.py" line="189"/>
        <source>Lay the page under the camera and press Capture page (or Space) for each page.</source>
        <translation>将纸张放在摄像头下，每一页按一次“拍摄一页”（或空格键）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/camera_capture.py" line="222"/>
        <source>The camera has not shown a picture yet.</source>
        <translation>摄像头尚未显示画面。</translation>
    </message>
    <message>
        <location filename="../../app/ui/camera_capture.py" line="234"/>
        <source>Cropped to the paper</source>
        <translation>已裁切到纸张边缘</translation>
    </message>
    <message>
        <location filename="../../app/ui/camera_capture.py" line="235"/>
        <source>Whole picture kept: no paper edges found</source>
        <translation>保留整幅画面：未找到纸张边缘</translation>
    </message>
    <message>
        <location filename="../../app/ui/camera_capture.py" line="238"/>
        <source>Page {0} captured.</source>
        <translation>已拍摄第 {0} 页。</translation>
    </message>
    <message>
        <location filename="../../app/ui/camera_capture.py" line="239"/>
        <source>Page {0} captured (whole picture: no paper edges found).</source>
        <translation>已拍摄第 {0} 页（整幅画面：未找到纸张边缘）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/camera_capture.py" line="259"/>
        <source>Store {0} page(s) as one document</source>
        <translation>将 {0} 页存为一份资料</translation>
    </message>
</context>
<context>
    <name>CaseContext</name>
    <message>
        <location filename="../../app/ui/i18n.py" line="95"/>
        <source>Something went wrong ({0}). The details are in the log: {1}</source>
        <translation>操作未完成，出现意外错误（{0}），详情已记入日志：{1}</translation>
    </message>
</context>
<context>
    <name>CaseHeader</name>
    <message>
        <location filename="../../app/ui/workspace/header.py" line="24"/>
        <source>← Cases</source>
        <translation>← 案件列表</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/header.py" line="25"/>
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
        <location filename="../../app/ui/workspace/header.py" line="74"/>
        <source>{0} · loan {1}, {2} months · monthly &lt;b&gt;{3}&lt;/b&gt; · &lt;b&gt;APR {4}&lt;/b&gt; · &lt;b&gt;rate {5}&lt;/b&gt; · LTV {6}</source>
        <translation>{0} · 贷款 {1}，{2} 期 · 月供 &lt;b&gt;{3}&lt;/b&gt; · &lt;b&gt;年化利率(APR) {4}&lt;/b&gt; · &lt;b&gt;名义利率 {5}&lt;/b&gt; · 贷款成数 {6}</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/header.py" line="94"/>
        <source> · spouse {0} {1}</source>
        <translation> · 配偶 {0} {1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/header.py" line="96"/>
        <source>&lt;b&gt;{0}&lt;/b&gt; {1} · {2}{3}</source>
        <translation>&lt;b&gt;{0}&lt;/b&gt; {1} · {2}{3}</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/header.py" line="68"/>
        <source>{0} {1} {2} · VIN {3}{4}</source>
        <translation>{0} {1} {2} · 车架号 {3}{4}</translation>
    </message>
    <message>
        <source>{0} · loan ¥{1}, {2} months · monthly &lt;b&gt;¥{3}&lt;/b&gt; · &lt;b&gt;APR {4}&lt;/b&gt; · &lt;b&gt;rate {5}&lt;/b&gt; · LTV {6}</source>
        <translation type="vanished">{0} · 贷款 ¥{1}，{2} 期 · 月供 &lt;b&gt;¥{3}&lt;/b&gt; · &lt;b&gt;年化利率(APR) {4}&lt;/b&gt; · &lt;b&gt;名义利率 {5}&lt;/b&gt; · 贷款成数 {6}</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/header.py" line="81"/>
        <source>all steps done</source>
        <translation>全部步骤已完成</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/header.py" line="84"/>
        <source>step {0} {1}</source>
        <translation>第{0}步 {1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/header.py" line="85"/>
        <source>consultant {0} · now at &lt;b&gt;{1}&lt;/b&gt;</source>
        <translation>销售顾问 {0} · 当前 &lt;b&gt;{1}&lt;/b&gt;</translation>
    </message>
</context>
<context>
    <name>CaseListPage</name>
    <message>
        <location filename="../../app/ui/case_list.py" line="303"/>
        <source>Search or scan: case number, name, phone, ID or VIN tail, plate  (Ctrl+F)</source>
        <translation>搜索或扫码：案件号、姓名、手机、身份证或车架号尾号、车牌  (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_list.py" line="305"/>
        <source>Search or scan: case number, name, phone or VIN tail, plate  (Ctrl+F)</source>
        <translation>搜索或扫码：案件号、姓名、手机或车架号尾号、车牌  (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_list.py" line="307"/>
        <source>All steps</source>
        <translation>全部步骤</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_list.py" line="312"/>
        <source>All consultants</source>
        <translation>全部销售顾问</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_list.py" line="315"/>
        <source>Waiting for anyone</source>
        <translation>等待任何岗位</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_list.py" line="318"/>
        <source>Waiting for %1</source>
        <translation>等待%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_list.py" line="322"/>
        <source>any time</source>
        <translation>不限</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_list.py" line="323"/>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_list.py" line="324"/>
        <source>Only cases stuck in their step for more than this many days</source>
        <translation>只看在当前步骤停留超过此天数的案件</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_list.py" line="327"/>
        <source>New case…</source>
        <translation>新建案件…</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_list.py" line="335"/>
        <source>In step more than</source>
        <translation>停留超过</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/case_list.py" line="432"/>
        <source>%n case(s)</source>
        <translation>
            <numerusform>%n 个案件</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CaseTableModel</name>
    <message>
        <location filename="../../app/ui/case_list.py" line="66"/>
        <source>Delivered</source>
        <translation>已交车</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_list.py" line="231"/>
        <source>Case</source>
        <translation>案件号</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_list.py" line="231"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_list.py" line="231"/>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_list.py" line="231"/>
        <source>Vehicle</source>
        <translation>车辆</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_list.py" line="232"/>
        <source>Consultant</source>
        <translation>销售顾问</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_list.py" line="232"/>
        <source>Current step</source>
        <translation>当前步骤</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_list.py" line="232"/>
        <source>Days</source>
        <translation>天数</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_list.py" line="233"/>
        <source>What is missing</source>
        <translation>尚缺</translation>
    </message>
</context>
<context>
    <name>CaseWorkspace</name>
    <message>
        <location filename="../../app/ui/workspace/workspace.py" line="78"/>
        <source>Loading the case…</source>
        <translation>正在载入案件…</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/workspace.py" line="85"/>
        <source>What&apos;s missing</source>
        <translation>待办事项</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/workspace.py" line="86"/>
        <source>History</source>
        <translation>案件记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/workspace.py" line="122"/>
        <source>The case cannot be shown: {0}</source>
        <translation>无法显示该案件：{0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/workspace.py" line="201"/>
        <source>Which document?</source>
        <translation>哪一种资料？</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/workspace.py" line="202"/>
        <source>{0} file(s) dropped. Which document are they?</source>
        <translation>拖入了 {0} 个文件，它们是哪一种资料？</translation>
    </message>
</context>
<context>
    <name>ContentEditor</name>
    <message>
        <location filename="../../app/ui/workspace/content_editor.py" line="52"/>
        <source>income {0}</source>
        <translation>{0} 进账</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/content_editor.py" line="63"/>
        <source>Save details</source>
        <translation>保存信息</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/content_editor.py" line="80"/>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/content_editor.py" line="80"/>
        <source>valid until</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/content_editor.py" line="82"/>
        <source>names</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/content_editor.py" line="82"/>
        <source>registered on</source>
        <translation>登记日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/content_editor.py" line="83"/>
        <source>bank</source>
        <translation>银行</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/content_editor.py" line="83"/>
        <source>account (last 4)</source>
        <translation>账号尾号(4位)</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/content_editor.py" line="84"/>
        <source>insurer</source>
        <translation>保险公司</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/content_editor.py" line="84"/>
        <source>policy number</source>
        <translation>保单号</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/content_editor.py" line="85"/>
        <source>cover from</source>
        <translation>保险起期</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/content_editor.py" line="85"/>
        <source>cover until</source>
        <translation>保险止期</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/content_editor.py" line="86"/>
        <source>first beneficiary</source>
        <translation>第一受益人</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/content_editor.py" line="86"/>
        <source>VIN</source>
        <translation>车架号</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/content_editor.py" line="87"/>
        <source>engine number</source>
        <translation>发动机号</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/content_editor.py" line="88"/>
        <source>invoice number</source>
        <translation>发票号</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/content_editor.py" line="88"/>
        <source>amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/content_editor.py" line="93"/>
        <source>YYYY-MM-DD or 长期</source>
        <translation>YYYY-MM-DD 或 长期</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/content_editor.py" line="99"/>
        <source>both names as printed</source>
        <translation>证上双方姓名</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/content_editor.py" line="81"/>
        <source>issued by</source>
        <translation>签发机关</translation>
    </message>
</context>
<context>
    <name>CoverButton</name>
    <message>
        <location filename="../../app/ui/workspace/cover_button.py" line="21"/>
        <source>Cover sheet…</source>
        <translation>扫描封面页…</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/cover_button.py" line="23"/>
        <source>Print a cover sheet, put it on top of the pages in the scanner: the scan is filed here by itself</source>
        <translation>打印封面页，放在资料最上面一起扫描：扫描件会自动归入此处</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/cover_button.py" line="32"/>
        <source>Cover sheet: {0}</source>
        <translation>扫描封面页：{0}</translation>
    </message>
</context>
<context>
    <name>CustodyBox</name>
    <message>
        <location filename="../../app/ui/workspace/custody_box.py" line="40"/>
        <source>Originals out of the dealership</source>
        <translation>原件外借</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/custody_box.py" line="51"/>
        <source>with {0} since {1}</source>
        <translation>自 {1} 起由 {0} 持有</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/custody_box.py" line="53"/>
        <source>at the dealership</source>
        <translation>在店内</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/custody_box.py" line="55"/>
        <source>Check in</source>
        <translation>登记归还</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/custody_box.py" line="55"/>
        <source>Check out…</source>
        <translation>登记外借…</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/custody_box.py" line="68"/>
        <source>Check out an original</source>
        <translation>原件外借</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/custody_box.py" line="69"/>
        <source>Who takes it (a colleague, the agent, 车管所)?</source>
        <translation>由谁带走(同事、代办员、车管所)？</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/custody_box.py" line="75"/>
        <source>Checked out to {0}.</source>
        <translation>已借给 {0}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/custody_box.py" line="82"/>
        <source>Back after {0} day(s).</source>
        <translation>已归还，外借 {0} 天。</translation>
    </message>
</context>
<context>
    <name>DatabaseTab</name>
    <message>
        <location filename="../../app/ui/database_settings.py" line="82"/>
        <source>Database of this workstation</source>
        <translation>本工作站的数据库</translation>
    </message>
    <message>
        <location filename="../../app/ui/database_settings.py" line="86"/>
        <source>In use</source>
        <translation>正在使用</translation>
    </message>
    <message>
        <location filename="../../app/ui/database_settings.py" line="88"/>
        <source>Set for this session by %1: a choice made here applies when it is not set.</source>
        <translation>本次运行由 %1 指定：未设置 %1 时才使用此处的选择。</translation>
    </message>
    <message>
        <location filename="../../app/ui/database_settings.py" line="94"/>
        <source>Shared server (PostgreSQL)</source>
        <translation>共享服务器(PostgreSQL)</translation>
    </message>
    <message>
        <location filename="../../app/ui/database_settings.py" line="95"/>
        <source>File on this computer (SQLite)</source>
        <translation>本机文件(SQLite)</translation>
    </message>
    <message>
        <location filename="../../app/ui/database_settings.py" line="96"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../app/ui/database_settings.py" line="102"/>
        <source>e.g. 192.168.1.10 or loan-server</source>
        <translation>例如 192.168.1.10 或 loan-server</translation>
    </message>
    <message>
        <location filename="../../app/ui/database_settings.py" line="110"/>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location filename="../../app/ui/database_settings.py" line="110"/>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <location filename="../../app/ui/database_settings.py" line="111"/>
        <source>Database name</source>
        <translation>数据库名</translation>
    </message>
    <message>
        <location filename="../../app/ui/database_settings.py" line="112"/>
        <source>User</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../app/ui/database_settings.py" line="113"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../app/ui/database_settings.py" line="115"/>
        <source>The password is kept in this computer&apos;s credential store (Windows Credential Manager), never in a file.</source>
        <translation>密码保存在本机的凭据管理器(Windows 凭据管理器)中，绝不写入文件。</translation>
    </message>
    <message>
        <location filename="../../app/ui/database_settings.py" line="124"/>
        <source>a .sqlite3 file</source>
        <translation>一个 .sqlite3 文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/database_settings.py" line="125"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../../app/ui/database_settings.py" line="132"/>
        <source>Copy the current data into the new file</source>
        <translation>把当前数据复制到新文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/database_settings.py" line="133"/>
        <source>The server database must be new and empty. Every table is copied in one go and checked there (rows of each table, the audit trail) before the switch is saved. Without a copy LoanDesk sets up an empty database.</source>
        <translation>服务器数据库必须是新建的空库。所有数据表一次性复制，并在切换保存之前于服务器上校验(每个表的行数、审计链)。不复制时，LoanDesk 将初始化一个空数据库。</translation>
    </message>
    <message>
        <location filename="../../app/ui/database_settings.py" line="133"/>
        <source>Copy the current data into the new server database</source>
        <translation>把当前数据复制到新的服务器数据库</translation>
    </message>
    <message>
        <location filename="../../app/ui/database_settings.py" line="133"/>
        <source>Copying the current data into the server database…</source>
        <translation>正在把当前数据复制到服务器数据库…</translation>
    </message>
    <message>
        <location filename="../../app/ui/database_settings.py" line="133"/>
        <source>Copying %1: %2 of %3 rows…</source>
        <translation>正在复制数据表 %1：已复制 %2 / %3 行…</translation>
    </message>
    <message>
        <location filename="../../app/ui/database_settings.py" line="133"/>
        <source>The current data (%1 rows) was copied there and checked; the other workstations need its audit key file %2.</source>
        <translation>当前数据(%1 行)已复制过去并通过校验；其他工作站需要其审计密钥文件 %2。</translation>
    </message>
    <message>
        <location filename="../../app/ui/database_settings.py" line="140"/>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <location filename="../../app/ui/database_settings.py" line="142"/>
        <source>Switch</source>
        <translation>切换</translation>
    </message>
    <message>
        <location filename="../../app/ui/database_settings.py" line="158"/>
        <source>Backups</source>
        <translation>备份</translation>
    </message>
    <message>
        <location filename="../../app/ui/database_settings.py" line="160"/>
        <source>Back up…</source>
        <translation>备份…</translation>
    </message>
    <message>
        <location filename="../../app/ui/database_settings.py" line="162"/>
        <source>Restore…</source>
        <translation>恢复…</translation>
    </message>
    <message>
        <location filename="../../app/ui/database_settings.py" line="170"/>
        <source>found by itself when empty</source>
        <translation>留空则自动查找</translation>
    </message>
    <message>
        <location filename="../../app/ui/database_settings.py" line="171"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/database_settings.py" line="177"/>
        <source>PostgreSQL tools folder</source>
        <translation>PostgreSQL 工具文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/database_settings.py" line="178"/>
        <source>Backups of a server database need pg_dump and pg_restore: LoanDesk looks on PATH and in C:\Program Files\PostgreSQL; name their folder here if they are elsewhere.</source>
        <translation>备份服务器数据库需要 pg_dump 和 pg_restore：LoanDesk 会在 PATH 和 C:\Program Files\PostgreSQL 中查找；如装在别处，请在此填写其所在文件夹。</translation>
    </message>
    <message>
        <location filename="../../app/ui/database_settings.py" line="240"/>
        <source>Database file</source>
        <translation>数据库文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/database_settings.py" line="241"/>
        <source>LoanDesk database (*.sqlite3)</source>
        <translation>LoanDesk 数据库 (*.sqlite3)</translation>
    </message>
    <message>
        <location filename="../../app/ui/database_settings.py" line="258"/>
        <location filename="../../app/ui/database_settings.py" line="276"/>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location filename="../../app/ui/database_settings.py" line="284"/>
        <source>From the next start this workstation uses %1.</source>
        <translation>下次启动起，本工作站使用 %1。</translation>
    </message>
    <message>
        <location filename="../../app/ui/database_settings.py" line="287"/>
        <source>The current data was copied there and checked.</source>
        <translation>当前数据已复制过去并通过校验。</translation>
    </message>
    <message>
        <location filename="../../app/ui/database_settings.py" line="288"/>
        <source>Close LoanDesk and open it again to switch.</source>
        <translation>请关闭 LoanDesk 后重新打开以完成切换。</translation>
    </message>
    <message>
        <location filename="../../app/ui/database_settings.py" line="307"/>
        <source>Back up to</source>
        <translation>备份到</translation>
    </message>
    <message>
        <location filename="../../app/ui/database_settings.py" line="313"/>
        <source>Restore from</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <location filename="../../app/ui/database_settings.py" line="344"/>
        <source>Writing the backup and checking it…</source>
        <translation>正在写入备份并校验…</translation>
    </message>
    <message>
        <location filename="../../app/ui/database_settings.py" line="358"/>
        <source>Backup written and checked: %1 (%2 audit rows intact).</source>
        <translation>备份已写入并校验：%1(%2 条审计记录完好)。</translation>
    </message>
    <message>
        <location filename="../../app/ui/database_settings.py" line="371"/>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../../app/ui/database_settings.py" line="377"/>
        <source>Restoring replaces everything in the database %1 — every case, document and user — with the contents of %2. A copy of the current database is kept. Restore?</source>
        <translation>恢复将用 %2 的内容替换数据库 %1 中的全部数据(所有案件、资料和用户)。当前数据库会另存一份副本。确定恢复吗？</translation>
    </message>
    <message>
        <location filename="../../app/ui/database_settings.py" line="389"/>
        <source>Checking the backup and restoring it…</source>
        <translation>正在校验备份并恢复…</translation>
    </message>
    <message>
        <location filename="../../app/ui/database_settings.py" line="403"/>
        <source>Restored. The replaced database was kept as %1.</source>
        <translation>已恢复。被替换的数据库已保存为 %1。</translation>
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
        <location filename="../../app/ui/workspace/document_slot.py" line="67"/>
        <source>Drop photos, scans or PDFs here</source>
        <translation>可将照片、扫描件或 PDF 拖到这里</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/document_slot.py" line="85"/>
        <source>Add files…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/document_slot.py" line="102"/>
        <source>present</source>
        <translation>已收</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/document_slot.py" line="102"/>
        <source>missing</source>
        <translation>缺少</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/document_slot.py" line="103"/>
        <source>invalid</source>
        <translation>有误</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/document_slot.py" line="103"/>
        <source>waiting</source>
        <translation>等待</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/document_slot.py" line="120"/>
        <source>{0}, page {1}: click to view</source>
        <translation>{0} 第 {1} 页：点击查看</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/document_slot.py" line="125"/>
        <source>+{0} more</source>
        <translation>另有 {0} 页</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/document_slot.py" line="129"/>
        <source>{0} page(s) · {1} · added {2}</source>
        <translation>{0} 页 · {1} · 添加于 {2}</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/document_slot.py" line="130"/>
        <source>no file</source>
        <translation>无文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/document_slot.py" line="143"/>
        <source>View pages</source>
        <translation>查看页面</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/document_slot.py" line="149"/>
        <source>Remove…</source>
        <translation>移除…</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/document_slot.py" line="152"/>
        <source>Replace…</source>
        <translation>替换…</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/document_slot.py" line="173"/>
        <source>Add {0}</source>
        <translation>添加{0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/document_slot.py" line="174"/>
        <source>Photos, scans and PDFs ({0});;All files (*)</source>
        <translation>照片、扫描件和 PDF ({0});;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/document_slot.py" line="207"/>
        <source>Replace document</source>
        <translation>替换资料</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/document_slot.py" line="208"/>
        <source>Replace this {0} ({1} page(s)) with new files? The case history keeps a record of the old one.</source>
        <translation>用新文件替换该{0}(共 {1} 页)？案件记录会保留旧资料的记录。</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/document_slot.py" line="246"/>
        <location filename="../../app/ui/workspace/document_slot.py" line="252"/>
        <source>Remove document</source>
        <translation>移除资料</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/document_slot.py" line="247"/>
        <source>Remove this {0} ({1} page(s)) from the case? Why:</source>
        <translation>从案件中移除这份{0}（{1} 页）？原因：</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/document_slot.py" line="253"/>
        <source>Really remove it? The case history keeps a record.</source>
        <translation>确定移除吗？案件记录中会保留此操作。</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/document_slot.py" line="258"/>
        <source>Document removed.</source>
        <translation>资料已移除。</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/document_slot.py" line="89"/>
        <source>Capture…</source>
        <translation>拍摄…</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/document_slot.py" line="90"/>
        <source>Photograph the pages with a document camera</source>
        <translation>用高拍仪拍摄页面</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../app/ui/i18n.py" line="111"/>
        <source>LoanDesk</source>
        <translation>LoanDesk</translation>
    </message>
    <message>
        <source>Something went wrong and the action was not completed.
Please try again; if it keeps happening, tell the administrator.

({kind})</source>
        <translation type="vanished">出现问题，操作未完成。
请重试；如果反复出现，请告知管理员。

({kind})</translation>
    </message>
</context>
<context>
    <name>FirstAdministrator</name>
    <message>
        <location filename="../../app/ui/sign_in.py" line="109"/>
        <source>A new LoanDesk database</source>
        <translation>新建 LoanDesk 数据库</translation>
    </message>
    <message>
        <location filename="../../app/ui/sign_in.py" line="110"/>
        <source>This database has no users yet. Choose the password of the administrator (user name: admin), who then adds the staff.</source>
        <translation>该数据库还没有用户。请设置管理员(用户名：admin)的密码，之后由管理员添加员工。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sign_in.py" line="120"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../app/ui/sign_in.py" line="121"/>
        <source>Again</source>
        <translation>再次输入</translation>
    </message>
    <message>
        <location filename="../../app/ui/sign_in.py" line="135"/>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>FormPreview</name>
    <message>
        <location filename="../../app/ui/form_preview.py" line="90"/>
        <source>Issue</source>
        <translation>出具</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_preview.py" line="91"/>
        <source>Give the form its serial number and record it</source>
        <translation>为表单编号并登记出具记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_preview.py" line="95"/>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_preview.py" line="104"/>
        <source>Save as PDF…</source>
        <translation>另存为 PDF…</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_preview.py" line="106"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_preview.py" line="117"/>
        <source>Draft only, nothing is recorded. Not issuable yet: {0}</source>
        <translation>仅为草稿，不做登记。暂不能出具：{0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_preview.py" line="121"/>
        <source>Draft preview: nothing is recorded until you issue it.</source>
        <translation>草稿预览：出具之前不做任何登记。</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_preview.py" line="122"/>
        <source>Draft preview.</source>
        <translation>草稿预览。</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_preview.py" line="173"/>
        <source>Issued as {0}.</source>
        <translation>已出具，单号 {0}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_preview.py" line="174"/>
        <source>Reprinted as {0} (marked 补打).</source>
        <translation>已补打，单号 {0}（标注「补打」）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_preview.py" line="184"/>
        <source>The form could not be issued: {0}</source>
        <translation>表单未能出具：{0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_preview.py" line="204"/>
        <source>Print {0}</source>
        <translation>打印{0}</translation>
    </message>
    <message>
        <source>Print</source>
        <translation type="vanished">打印</translation>
    </message>
    <message>
        <source>The printer is not ready.</source>
        <translation type="vanished">打印机未就绪。</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_preview.py" line="243"/>
        <location filename="../../app/ui/form_preview.py" line="255"/>
        <source>Save as PDF</source>
        <translation>另存为 PDF</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_preview.py" line="244"/>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_preview.py" line="256"/>
        <source>Could not save {0}: {1}</source>
        <translation>无法保存 {0}：{1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_preview.py" line="259"/>
        <source>Saved {0}</source>
        <translation>已保存 {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_preview.py" line="127"/>
        <source>{0} × {1} mm at 100 %. Not set up yet: Print asks for the printer first.</source>
        <translation>{0} × {1} mm，比例 100%。尚未设置打印机：点“打印”时先选择打印机。</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_preview.py" line="130"/>
        <source>Shown as printed: {0} × {1} mm at 100 %, moved {2} mm right and {3} mm down, on {4}.</source>
        <translation>按实际打印显示：{0} × {1} mm，比例 100%，向右偏移 {2} mm、向下偏移 {3} mm，打印机 {4}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_preview.py" line="136"/>
        <source>Overlay: only the values, for pre-printed stationery.</source>
        <translation>套打：只打印填写内容，用于预印单据。</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_preview.py" line="97"/>
        <source>Printer set-up…</source>
        <translation>打印设置…</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_preview.py" line="102"/>
        <source>Straight to {0}</source>
        <translation>直接打印到 {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_preview.py" line="103"/>
        <source>Choose the printer</source>
        <translation>选择打印机</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_preview.py" line="216"/>
        <source>Printing…</source>
        <translation>正在打印…</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_preview.py" line="220"/>
        <source>Printing page {0} of {1}…</source>
        <translation>正在打印第 {0} 页，共 {1} 页…</translation>
    </message>
    <message>
        <location filename="../../app/ui/form_preview.py" line="227"/>
        <source>Sent {0} page(s) to {1}.</source>
        <translation>已将 {0} 页发送到 {1}。</translation>
    </message>
</context>
<context>
    <name>FormsBar</name>
    <message>
        <location filename="../../app/ui/workspace/forms_bar.py" line="62"/>
        <source>Credit dossier…</source>
        <translation>贷款资料包…</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/forms_bar.py" line="64"/>
        <source>One PDF of every document for the lender</source>
        <translation>把全部资料合成一个 PDF，提交贷款机构</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/forms_bar.py" line="84"/>
        <source>, reprinted {0}×</source>
        <translation>，补打 {0} 次</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/forms_bar.py" line="86"/>
        <source>{0} {1}: issued by {2} on {3}{4}</source>
        <translation>{0} {1}：{2} 于 {3} 出具{4}</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/forms_bar.py" line="94"/>
        <source>received by {0} on {1}</source>
        <translation>{0} 于 {1} 签收</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/forms_bar.py" line="99"/>
        <source>not yet received</source>
        <translation>尚未签收</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/forms_bar.py" line="104"/>
        <source>Confirm receipt</source>
        <translation>确认签收</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/forms_bar.py" line="174"/>
        <source>Preparing {0}…</source>
        <translation>正在生成{0}…</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/forms_bar.py" line="191"/>
        <source>Credit dossier {0}</source>
        <translation>贷款资料包 {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/forms_bar.py" line="197"/>
        <source>Draft: {0}</source>
        <translation>草稿：{0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/forms_bar.py" line="199"/>
        <source>Complete dossier, ready for the lender.</source>
        <translation>资料齐全，可提交贷款机构。</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/forms_bar.py" line="203"/>
        <source>Building the credit dossier…</source>
        <translation>正在生成贷款资料包…</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/forms_bar.py" line="70"/>
        <source>Scan receipts…</source>
        <translation>扫码签收…</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/forms_bar.py" line="72"/>
        <source>Confirm copies by scanning their QR codes</source>
        <translation>扫描各联二维码确认签收</translation>
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
        <location filename="../../app/ui/workspace/history.py" line="60"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/history.py" line="60"/>
        <source>What happened</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Who</source>
        <translation type="vanished">操作人</translation>
    </message>
    <message>
        <source>What</source>
        <translation type="vanished">操作</translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="vanished">详情</translation>
    </message>
    <message>
        <source>case opened</source>
        <translation type="vanished">新建案件</translation>
    </message>
    <message>
        <source>case changed</source>
        <translation type="vanished">修改案件</translation>
    </message>
    <message>
        <source>task done</source>
        <translation type="vanished">完成任务</translation>
    </message>
    <message>
        <source>task taken back</source>
        <translation type="vanished">撤销任务</translation>
    </message>
    <message>
        <source>gate overridden</source>
        <translation type="vanished">关卡放行</translation>
    </message>
    <message>
        <source>document added</source>
        <translation type="vanished">添加资料</translation>
    </message>
    <message>
        <source>document details</source>
        <translation type="vanished">录入资料信息</translation>
    </message>
    <message>
        <source>document removed</source>
        <translation type="vanished">移除资料</translation>
    </message>
    <message>
        <source>form issued</source>
        <translation type="vanished">出具表单</translation>
    </message>
    <message>
        <source>form reprinted</source>
        <translation type="vanished">补打表单</translation>
    </message>
    <message>
        <source>copy received</source>
        <translation type="vanished">签收联单</translation>
    </message>
    <message>
        <source>credit dossier built</source>
        <translation type="vanished">生成资料包</translation>
    </message>
    <message>
        <source>draft</source>
        <translation type="vanished">草稿</translation>
    </message>
    <message>
        <source>reason: {0}</source>
        <translation type="vanished">原因：{0}</translation>
    </message>
</context>
<context>
    <name>IdCardReader</name>
    <message>
        <location filename="../../app/ui/id_card_reader.py" line="80"/>
        <source>Read ID card…</source>
        <translation>读取身份证…</translation>
    </message>
    <message>
        <location filename="../../app/ui/id_card_reader.py" line="82"/>
        <source>Fill these fields from a photo or scan of the ID card (front, and the back if you have it)</source>
        <translation>从身份证照片或扫描件（人像面，如有也可加国徽面）填写这些字段</translation>
    </message>
    <message>
        <location filename="../../app/ui/id_card_reader.py" line="104"/>
        <source>Read ID card</source>
        <translation>读取身份证</translation>
    </message>
    <message>
        <location filename="../../app/ui/id_card_reader.py" line="105"/>
        <source>Reading ID cards needs the optional OCR component, which is not installed on this computer. To add it, run:

    {0}

then start LoanDesk again. Until then, type the fields in.</source>
        <translation>读取身份证需要可选的文字识别（OCR）组件，本电脑尚未安装。安装方法：运行

    {0}

然后重新启动 LoanDesk。在此之前请手动输入。</translation>
    </message>
    <message>
        <location filename="../../app/ui/id_card_reader.py" line="111"/>
        <source>Photos or scans of the ID card (front, and back)</source>
        <translation>身份证照片或扫描件（人像面和国徽面）</translation>
    </message>
    <message>
        <location filename="../../app/ui/id_card_reader.py" line="112"/>
        <source>Photos, scans and PDFs ({0})</source>
        <translation>照片、扫描件和 PDF ({0})</translation>
    </message>
    <message>
        <location filename="../../app/ui/id_card_reader.py" line="118"/>
        <source>Reading the ID card…</source>
        <translation>正在读取身份证…</translation>
    </message>
    <message>
        <location filename="../../app/ui/id_card_reader.py" line="147"/>
        <source>Back: issued by {0}, valid until {1}</source>
        <translation>国徽面：签发机关 {0}，有效期至 {1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/id_card_reader.py" line="160"/>
        <source>ID number not filled: {0}</source>
        <translation>身份证号码未填写：{0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/id_card_reader.py" line="170"/>
        <source>Read: {0}</source>
        <translation>读到：{0}</translation>
    </message>
</context>
<context>
    <name>IncomeProposer</name>
    <message>
        <location filename="../../app/ui/workspace/income_proposal.py" line="45"/>
        <source>Propose from the PDF</source>
        <translation>从 PDF 提取建议</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/income_proposal.py" line="47"/>
        <source>Credits per month read from the statement&apos;s text; check them, then save</source>
        <translation>从流水文字中读取的每月进账；请核对后保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/income_proposal.py" line="95"/>
        <source>{0} month(s) proposed from the statement: check them, then Save details.</source>
        <translation>已从流水中提取 {0} 个月的进账建议：请核对后点击“保存信息”。</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/income_proposal.py" line="97"/>
        <source>Left out {0} {1}: {2}</source>
        <translation>未计入 {0} {1}：{2}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/ui/main_window.py" line="93"/>
        <location filename="../../app/ui/main_window.py" line="609"/>
        <source>Opening the database…</source>
        <translation>正在打开数据库…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="101"/>
        <source>&amp;Case</source>
        <translation>案件(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="102"/>
        <source>&amp;New case…</source>
        <translation>新建案件(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="104"/>
        <source>&amp;Find a case</source>
        <translation>查找案件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="106"/>
        <source>&amp;Back to the list</source>
        <translation>返回列表(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="108"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="113"/>
        <source>Sign &amp;out</source>
        <translation>退出登录(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="117"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="118"/>
        <source>My &amp;queue</source>
        <translation>我的待办(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="121"/>
        <source>&amp;Today</source>
        <translation>今日(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="123"/>
        <source>&amp;Board</source>
        <translation>看板(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="127"/>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="128"/>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="137"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="138"/>
        <source>&amp;About LoanDesk</source>
        <translation>关于 LoanDesk(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="186"/>
        <source>The database could not be opened.</source>
        <translation>无法打开数据库。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="266"/>
        <source>Signed in as %1</source>
        <translation>当前用户：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="585"/>
        <source>Signed out.</source>
        <translation>已退出登录。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="247"/>
        <source>Cases are for the loan staff. Users, lenders, settings and backups: Tools → Settings.</source>
        <translation>案件由贷款业务人员办理。用户、贷款机构、设置与备份：工具 → 设置。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="323"/>
        <source>%1 changed this case on another workstation.</source>
        <translation>%1 在另一台工作站修改了此案件。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="419"/>
        <source>Case %1</source>
        <translation>案件 %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="459"/>
        <source>Add a lender first (Tools → Settings → Lenders).</source>
        <translation>请先添加贷款机构(工具 → 设置 → 贷款机构)。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="132"/>
        <source>&amp;Print set-up…</source>
        <translation>打印设置(&amp;P)…</translation>
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
        <location filename="../../app/ui/new_case.py" line="68"/>
        <source>New case</source>
        <translation>新建案件</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="98"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="99"/>
        <location filename="../../app/ui/new_case.py" line="112"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="100"/>
        <location filename="../../app/ui/new_case.py" line="113"/>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="101"/>
        <location filename="../../app/ui/new_case.py" line="114"/>
        <source>Mobile</source>
        <translation>手机</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="103"/>
        <source>Married</source>
        <translation>已婚</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="103"/>
        <source>Single</source>
        <translation>未婚</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="104"/>
        <source>Divorced</source>
        <translation>离异</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="104"/>
        <source>Widowed</source>
        <translation>丧偶</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="106"/>
        <source>Marital status</source>
        <translation>婚姻状况</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="107"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="108"/>
        <source>Employer</source>
        <translation>工作单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="109"/>
        <source>Self-employed</source>
        <translation>个体经营</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="111"/>
        <source>Spouse</source>
        <translation>配偶</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="114"/>
        <source>optional</source>
        <translation>选填</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="116"/>
        <source>Vehicle</source>
        <translation>车辆</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="117"/>
        <source>Brand</source>
        <translation>品牌</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="117"/>
        <source>e.g. 大众</source>
        <translation>如 大众</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="118"/>
        <source>Model</source>
        <translation>车型</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="119"/>
        <source>VIN</source>
        <translation>车架号(VIN)</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="120"/>
        <source>Engine number</source>
        <translation>发动机号</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="121"/>
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="122"/>
        <source>Price (¥)</source>
        <translation>车价(元)</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="123"/>
        <source>New-energy vehicle</source>
        <translation>新能源车</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="124"/>
        <source>Used car</source>
        <translation>二手车</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="128"/>
        <source>Loan</source>
        <translation>贷款</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="131"/>
        <source>Lender</source>
        <translation>贷款机构</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="132"/>
        <source>Loan amount (¥)</source>
        <translation>贷款金额(元)</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="133"/>
        <source>Down payment (¥)</source>
        <translation>首付款(元)</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="137"/>
        <source> months</source>
        <translation> 个月</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="138"/>
        <source>Term</source>
        <translation>期限</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="144"/>
        <source>Nominal yearly rate</source>
        <translation>名义年利率</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="146"/>
        <source>Level payment (等额本息)</source>
        <translation>等额本息</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="147"/>
        <source>Equal principal (等额本金)</source>
        <translation>等额本金</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="148"/>
        <source>Repayment</source>
        <translation>还款方式</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="149"/>
        <source>Fees (¥)</source>
        <translation>手续费(元)</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="154"/>
        <source>Create case</source>
        <translation>创建案件</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="192"/>
        <source>What the customer pays</source>
        <translation>客户还款</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="196"/>
        <source>Monthly payment</source>
        <translation>月供</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="197"/>
        <source>APR (annualised, IRR)</source>
        <translation>年化利率(APR，IRR法)</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="205"/>
        <source>Total interest</source>
        <translation>利息总额</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="206"/>
        <source>Loan-to-value</source>
        <translation>贷款成数</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="342"/>
        <source>%1 (limit %2)</source>
        <translation>%1(上限 %2)</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="349"/>
        <source>Refused: </source>
        <translation>不能受理：</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="370"/>
        <source>The case cannot be checked right now.</source>
        <translation>暂时无法校验案件。</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="383"/>
        <source>To fix before creating: </source>
        <translation>创建前请修正：</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_case.py" line="410"/>
        <source>Check the fields read from the ID card and tick them.</source>
        <translation>请核对从身份证读取的字段并打勾。</translation>
    </message>
</context>
<context>
    <name>OcrMark</name>
    <message>
        <location filename="../../app/ui/id_card_reader.py" line="64"/>
        <source>Read by OCR, please check (tick when checked)</source>
        <translation>由 OCR 识别，请核对（核对后打勾）</translation>
    </message>
</context>
<context>
    <name>PageViewer</name>
    <message>
        <location filename="../../app/ui/page_viewer.py" line="41"/>
        <source>Pages</source>
        <translation>页面</translation>
    </message>
    <message>
        <location filename="../../app/ui/page_viewer.py" line="45"/>
        <source>◀ Previous</source>
        <translation>◀ 上一页</translation>
    </message>
    <message>
        <location filename="../../app/ui/page_viewer.py" line="47"/>
        <source>Next ▶</source>
        <translation>下一页 ▶</translation>
    </message>
    <message>
        <location filename="../../app/ui/page_viewer.py" line="52"/>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <location filename="../../app/ui/page_viewer.py" line="53"/>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <location filename="../../app/ui/page_viewer.py" line="54"/>
        <source>Fit</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <location filename="../../app/ui/page_viewer.py" line="55"/>
        <source>Rotate ⟲</source>
        <translation>向左旋转</translation>
    </message>
    <message>
        <location filename="../../app/ui/page_viewer.py" line="56"/>
        <source>Rotate ⟳</source>
        <translation>向右旋转</translation>
    </message>
    <message>
        <location filename="../../app/ui/page_viewer.py" line="60"/>
        <location filename="../../app/ui/page_viewer.py" line="92"/>
        <source>Loading…</source>
        <translation>正在载入…</translation>
    </message>
    <message>
        <location filename="../../app/ui/page_viewer.py" line="79"/>
        <source>This document has no pages.</source>
        <translation>这份资料没有页面。</translation>
    </message>
    <message>
        <location filename="../../app/ui/page_viewer.py" line="85"/>
        <source>Page {0} of {1} · {2}</source>
        <translation>第 {0} 页，共 {1} 页 · {2}</translation>
    </message>
    <message>
        <location filename="../../app/ui/page_viewer.py" line="109"/>
        <source>This page cannot be shown: {0}</source>
        <translation>无法显示此页：{0}</translation>
    </message>
</context>
<context>
    <name>PrintSetupDialog</name>
    <message>
        <location filename="../../app/ui/print_setup.py" line="57"/>
        <source>Print set-up</source>
        <translation>打印设置</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_setup.py" line="66"/>
        <source>Form</source>
        <translation>表单</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_setup.py" line="68"/>
        <source>Form&apos;s paper</source>
        <translation>表单纸张</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_setup.py" line="75"/>
        <source>(no printer installed)</source>
        <translation>（未安装打印机）</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_setup.py" line="76"/>
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_setup.py" line="78"/>
        <source>Paper</source>
        <translation>纸张</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_setup.py" line="80"/>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_setup.py" line="84"/>
        <source>Tray / paper source</source>
        <translation>纸盒 / 进纸方式</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_setup.py" line="87"/>
        <source>Offset right (mm)</source>
        <translation>向右偏移（毫米）</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_setup.py" line="88"/>
        <source>Offset down (mm)</source>
        <translation>向下偏移（毫米）</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_setup.py" line="89"/>
        <source>Scale</source>
        <translation>比例</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_setup.py" line="89"/>
        <source>{0} % (fixed: forms are never fitted to the page)</source>
        <translation>{0} %（固定：表单从不缩放以适应纸张）</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_setup.py" line="91"/>
        <source>Overlay: print only the values, onto pre-printed stationery</source>
        <translation>套打：只打印填写内容，用于预印的单据</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_setup.py" line="100"/>
        <source>Print calibration page</source>
        <translation>打印校准页</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_setup.py" line="102"/>
        <source>A millimetre grid on this paper: measure mark A and type the offset</source>
        <translation>在这种纸上打印毫米网格：量出 A 标记的位置，填入偏移</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_setup.py" line="104"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_setup.py" line="107"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_setup.py" line="121"/>
        <source>Tractor feed (continuous)</source>
        <translation>拖纸器（连续纸）</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_setup.py" line="154"/>
        <source>{0}, {1} × {2} mm, {3}</source>
        <translation>{0}，{1} × {2} mm，{3}</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_setup.py" line="121"/>
        <source>Lower tray</source>
        <translation>下纸盒</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_setup.py" line="122"/>
        <source>Middle tray</source>
        <translation>中纸盒</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_setup.py" line="122"/>
        <source>Manual feed</source>
        <translation>手动进纸</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_setup.py" line="123"/>
        <source>Envelope</source>
        <translation>信封</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_setup.py" line="123"/>
        <source>Envelope, manual feed</source>
        <translation>信封手动进纸</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_setup.py" line="124"/>
        <source>Cassette</source>
        <translation>纸盒</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_setup.py" line="124"/>
        <source>Form source</source>
        <translation>表单进纸器</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_setup.py" line="125"/>
        <source>Large-capacity tray</source>
        <translation>大容量纸盒</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_setup.py" line="126"/>
        <source>Large format</source>
        <translation>大幅面</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_setup.py" line="126"/>
        <source>Small format</source>
        <translation>小幅面</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_setup.py" line="127"/>
        <source>Only tray</source>
        <translation>唯一纸盒</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_setup.py" line="151"/>
        <source>landscape</source>
        <translation>横向</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_setup.py" line="152"/>
        <source>portrait</source>
        <translation>纵向</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_setup.py" line="153"/>
        <source>continuous form</source>
        <translation>连续纸</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_setup.py" line="158"/>
        <source>This form declares no overlay positions</source>
        <translation>该表单未定义套打位置</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_setup.py" line="162"/>
        <source>{0} (not found here)</source>
        <translation>{0}（本机未找到）</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_setup.py" line="173"/>
        <source>Saved set-up loaded.</source>
        <translation>已载入保存的打印设置。</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_setup.py" line="174"/>
        <source>Not set up yet: choose the printer once, then every print goes straight to it.</source>
        <translation>尚未设置：选择一次打印机，以后每次打印都直接送到该打印机。</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_setup.py" line="178"/>
        <source>The form&apos;s own size</source>
        <translation>表单自身尺寸</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_setup.py" line="195"/>
        <location filename="../../app/ui/print_setup.py" line="219"/>
        <source>Choose a printer first.</source>
        <translation>请先选择打印机。</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_setup.py" line="224"/>
        <source>Printing the calibration page…</source>
        <translation>正在打印校准页…</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_setup.py" line="231"/>
        <source>Calibration page sent. Measure mark A from the paper&apos;s left and top edges: offset = {0} mm − the measured distance.</source>
        <translation>校准页已发送。量出 A 标记到纸张左边缘和上边缘的距离：偏移 = {0} 毫米 − 量得的距离。</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_setup.py" line="245"/>
        <source>The printer {0} did not accept the job: check that it is on, online and has paper, then print again.</source>
        <translation>打印机 {0} 未接受打印任务：请检查是否已开机、联机并有纸，然后重新打印。</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_setup.py" line="248"/>
        <source>Printing failed: {0}</source>
        <translation>打印失败：{0}</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <location filename="../../app/ui/queue.py" line="65"/>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../../app/ui/queue.py" line="65"/>
        <source>Copy to confirm</source>
        <translation>待签收联</translation>
    </message>
    <message>
        <location filename="../../app/ui/queue.py" line="66"/>
        <source>Visit</source>
        <translation>回访</translation>
    </message>
    <message>
        <location filename="../../app/ui/queue.py" line="72"/>
        <source>%1 · %2 d</source>
        <translation>%1 · %2 天</translation>
    </message>
    <message>
        <location filename="../../app/ui/queue.py" line="101"/>
        <source>Waiting since</source>
        <translation>等待起始</translation>
    </message>
    <message>
        <location filename="../../app/ui/queue.py" line="101"/>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <location filename="../../app/ui/queue.py" line="101"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../app/ui/queue.py" line="102"/>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <location filename="../../app/ui/queue.py" line="102"/>
        <source>To do</source>
        <translation>待办事项</translation>
    </message>
    <message>
        <location filename="../../app/ui/queue.py" line="102"/>
        <source>Why it is yours</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>QueueView</name>
    <message>
        <location filename="../../app/ui/queue.py" line="116"/>
        <source>Waiting for you</source>
        <translation>我的待办</translation>
    </message>
    <message>
        <location filename="../../app/ui/queue.py" line="136"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../app/ui/queue.py" line="138"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../app/ui/queue.py" line="140"/>
        <source>All cases</source>
        <translation>全部案件</translation>
    </message>
    <message>
        <location filename="../../app/ui/queue.py" line="142"/>
        <source>Board</source>
        <translation>看板</translation>
    </message>
    <message>
        <location filename="../../app/ui/queue.py" line="173"/>
        <source>Waiting for %1 (%2)</source>
        <translation>%1(%2)的待办</translation>
    </message>
    <message>
        <location filename="../../app/ui/queue.py" line="176"/>
        <source>Nothing is waiting for you. All cases: Case → Find a case.</source>
        <translation>目前没有您的待办。查看全部案件：案件 → 查找案件。</translation>
    </message>
    <message>
        <location filename="../../app/ui/queue.py" line="206"/>
        <source>Oldest first. Double-click or Enter opens the case on its step.</source>
        <translation>最早的在前。双击或按回车在相应步骤打开案件。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/queue.py" line="178"/>
        <source>%n item(s), oldest first. Double-click or Enter opens the case on its step.</source>
        <translation>
            <numerusform>共 %n 项，最早的在前。双击或按回车在相应步骤打开案件。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/queue.py" line="181"/>
        <source>Only the oldest items are shown.</source>
        <translation>仅显示最早的待办事项。</translation>
    </message>
    <message>
        <location filename="../../app/ui/queue.py" line="189"/>
        <source>Bringing the queue up to date…</source>
        <translation>正在更新待办队列…</translation>
    </message>
</context>
<context>
    <name>ReceiptScanDialog</name>
    <message>
        <location filename="../../app/ui/scan_receipt.py" line="39"/>
        <source>Confirm receipt by scan</source>
        <translation>扫码签收</translation>
    </message>
    <message>
        <location filename="../../app/ui/scan_receipt.py" line="42"/>
        <source>Scan the QR code of each copy you received (or type it and press Enter).</source>
        <translation>请逐张扫描收到的各联二维码(或输入后按回车)。</translation>
    </message>
    <message>
        <location filename="../../app/ui/scan_receipt.py" line="52"/>
        <source>Press Enter to confirm the receipt of this copy.</source>
        <translation>按回车确认签收这一联。</translation>
    </message>
    <message>
        <location filename="../../app/ui/scan_receipt.py" line="97"/>
        <source>{0} {1} {2}: received</source>
        <translation>{0} {1} {2}：已签收</translation>
    </message>
</context>
<context>
    <name>ScanFolder</name>
    <message>
        <location filename="../../app/ui/scan_folder.py" line="145"/>
        <source>Scanner folder: {0}</source>
        <translation>扫描文件夹：{0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/scan_folder.py" line="152"/>
        <source>Scanned {0}: already in the case files ({1})</source>
        <translation>扫描的{0}已在案件资料中({1})</translation>
    </message>
    <message>
        <location filename="../../app/ui/scan_folder.py" line="156"/>
        <source>Scanned {0} arrived: {1} page(s) from {2}</source>
        <translation>扫描的{0}已归档：{1} 页，来自 {2}</translation>
    </message>
    <message>
        <location filename="../../app/ui/scan_folder.py" line="160"/>
        <source>Scan {0} could not be filed (moved to unsorted/): {1}</source>
        <translation>扫描件 {0} 无法归档(已移至 unsorted/)：{1}</translation>
    </message>
</context>
<context>
    <name>ScanFolderTab</name>
    <message>
        <location filename="../../app/ui/scan_folder.py" line="56"/>
        <source>No folder: scans are not filed automatically</source>
        <translation>未设置：扫描件不会自动归档</translation>
    </message>
    <message>
        <location filename="../../app/ui/scan_folder.py" line="58"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../../app/ui/scan_folder.py" line="62"/>
        <location filename="../../app/ui/scan_folder.py" line="72"/>
        <source>Scanner folder</source>
        <translation>扫描文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/scan_folder.py" line="64"/>
        <source>Point the scanner&apos;s &quot;scan to folder&quot; here. Each scan that starts with a LoanDesk cover sheet is filed into its case; finished files move to done/, files that cannot be filed to unsorted/ with the reason. Nothing is deleted.</source>
        <translation>把扫描仪的“扫描到文件夹”指向这里。以本系统封面页开头的扫描件会自动归入对应案件；处理完的文件移到 done/，无法归档的移到 unsorted/ 并附原因。不会删除任何文件。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="63"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="65"/>
        <source>Dealership</source>
        <translation>经销商</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="66"/>
        <source>Lenders</source>
        <translation>贷款机构</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="69"/>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="70"/>
        <location filename="../../app/ui/settings_dialog.py" line="170"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="71"/>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="89"/>
        <source>Only an administrator can change these.</source>
        <translation>只有管理员可以修改这些设置。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="100"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="100"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="100"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="104"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="119"/>
        <source>Lender</source>
        <translation>贷款机构</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="119"/>
        <source>Max loan-to-value</source>
        <translation>最高贷款成数</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="119"/>
        <source>New-energy</source>
        <translation>新能源</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="120"/>
        <source>Longest term</source>
        <translation>最长期限</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="120"/>
        <source>Income multiple</source>
        <translation>收入倍数</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="131"/>
        <source>New lender&apos;s name</source>
        <translation>新贷款机构名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="140"/>
        <source> months</source>
        <translation> 个月</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="146"/>
        <source>Add lender</source>
        <translation>添加贷款机构</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="149"/>
        <source>Save limits</source>
        <translation>保存限额</translation>
    </message>
    <message>
        <source>The new language is used from the next start of LoanDesk.</source>
        <translation type="vanished">新语言在下次启动 LoanDesk 时生效。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="75"/>
        <location filename="../../app/ui/settings_dialog.py" line="180"/>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="171"/>
        <source>The new language applies at once to the main window.</source>
        <translation>新语言立即应用于主窗口。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="182"/>
        <source>Data folder</source>
        <translation>数据目录</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="187"/>
        <source>Everything, documents included, is in this one database: back it up and you have backed up LoanDesk.</source>
        <translation>所有数据(包括资料文件)都在这一个数据库中：备份它，就备份了 LoanDesk。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/settings_dialog.py" line="215"/>
        <source>%n month(s)</source>
        <translation>
            <numerusform>%n 个月</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="76"/>
        <source>Scanner</source>
        <translation>扫描仪</translation>
    </message>
</context>
<context>
    <name>SignIn</name>
    <message>
        <location filename="../../app/ui/sign_in.py" line="40"/>
        <source>Sign in to LoanDesk</source>
        <translation>登录 LoanDesk</translation>
    </message>
    <message>
        <location filename="../../app/ui/sign_in.py" line="52"/>
        <source>Choose your name and type your password. Everything you do is recorded under your name.</source>
        <translation>请选择您的姓名并输入密码。您的所有操作都会以您的名义记录。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sign_in.py" line="58"/>
        <source>There is no active user called %1. Choose your name.</source>
        <translation>没有名为 %1 的在用用户，请选择您的姓名。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sign_in.py" line="61"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../app/ui/sign_in.py" line="62"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../app/ui/sign_in.py" line="65"/>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
</context>
<context>
    <name>StepPage</name>
    <message>
        <location filename="../../app/ui/workspace/step_page.py" line="49"/>
        <source>Step {0}: {1}</source>
        <translation>第{0}步：{1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/step_page.py" line="78"/>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/step_page.py" line="105"/>
        <source>Documents</source>
        <translation>资料</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/step_page.py" line="91"/>
        <source>Forms</source>
        <translation>表单</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/step_page.py" line="66"/>
        <source>{0} with {1} since {2}</source>
        <translation>{0}：{1} 持有，自 {2} 起</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/step_page.py" line="69"/>
        <source>Originals out of the dealership:</source>
        <translation>以下原件尚在店外：</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/step_page.py" line="126"/>
        <source>Gate closed: {0} — {1}</source>
        <translation>关卡未开：{0}——{1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/step_page.py" line="133"/>
        <source>Override gate…</source>
        <translation>放行关卡…</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/step_page.py" line="142"/>
        <source>Override gate</source>
        <translation>放行关卡</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/step_page.py" line="143"/>
        <source>Open the gate “{0}” for this case only.
The reason is kept in the case history (at least 10 characters):</source>
        <translation>仅对本案放行关卡「{0}」。
放行理由将记入案件记录（至少 10 个字）：</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/step_page.py" line="149"/>
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
        <translation>按案件应为：{0}&#x3000;{1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/task_row.py" line="76"/>
        <source>done by {0} on {1}</source>
        <translation>{0} 于 {1} 完成</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/task_row.py" line="79"/>
        <source>Undo…</source>
        <translation>撤销…</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/task_row.py" line="85"/>
        <source>Record…</source>
        <translation>登记…</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/task_row.py" line="85"/>
        <source>Mark done</source>
        <translation>标记完成</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/task_row.py" line="90"/>
        <source>only {0} may do this</source>
        <translation>仅限{0}办理</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/task_row.py" line="94"/>
        <source>Not yet: {0}</source>
        <translation>暂不能办理：{0}</translation>
    </message>
    <message>
        <source>approved</source>
        <translation type="vanished">通过</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation type="vanished">拒绝</translation>
    </message>
    <message>
        <source>more documents needed</source>
        <translation type="vanished">需补充资料</translation>
    </message>
    <message>
        <source>A manager may override this gate with a written reason.</source>
        <translation type="vanished">经理可填写理由后放行此关卡。</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/task_row.py" line="154"/>
        <location filename="../../app/ui/workspace/task_row.py" line="163"/>
        <source>Undo task</source>
        <translation>撤销任务</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/task_row.py" line="155"/>
        <source>Why is “{0}” taken back? (kept in the case history)</source>
        <translation>为什么撤销「{0}」？（将记入案件记录）</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/task_row.py" line="160"/>
        <source>An undo needs a reason.</source>
        <translation>撤销须填写原因。</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/task_row.py" line="164"/>
        <source>Take back “{0}”?</source>
        <translation>确定撤销「{0}」吗？</translation>
    </message>
</context>
<context>
    <name>TaskValuesDialog</name>
    <message>
        <location filename="../../app/ui/workspace/task_dialog.py" line="70"/>
        <source> (optional)</source>
        <translation>（选填）</translation>
    </message>
    <message>
        <source>approved</source>
        <translation type="vanished">通过</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation type="vanished">拒绝</translation>
    </message>
    <message>
        <source>more documents needed</source>
        <translation type="vanished">需补充资料</translation>
    </message>
    <message>
        <location filename="../../app/ui/workspace/task_dialog.py" line="150"/>
        <source>e.g. 京A12345</source>
        <translation>如 京A12345</translation>
    </message>
</context>
<context>
    <name>TodayView</name>
    <message>
        <location filename="../../app/ui/today.py" line="61"/>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="63"/>
        <location filename="../../app/ui/today.py" line="66"/>
        <location filename="../../app/ui/today.py" line="69"/>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="63"/>
        <location filename="../../app/ui/today.py" line="66"/>
        <location filename="../../app/ui/today.py" line="69"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="63"/>
        <location filename="../../app/ui/today.py" line="66"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="64"/>
        <location filename="../../app/ui/today.py" line="67"/>
        <source>Consultant</source>
        <translation>销售顾问</translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="64"/>
        <source>Visit due</source>
        <translation>应回访日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="65"/>
        <source>Days late</source>
        <translation>逾期天数</translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="67"/>
        <source>Instalment</source>
        <translation>期数</translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="68"/>
        <source>Due</source>
        <translation>应还日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="68"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="69"/>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="70"/>
        <source>Days</source>
        <translation>天数</translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="70"/>
        <source>Missing</source>
        <translation>尚缺</translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="71"/>
        <source>Record the visit…</source>
        <translation>登记回访…</translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="73"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="82"/>
        <source>Follow-up visits due</source>
        <translation>待回访</translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="83"/>
        <source>Repayments due in the next two days</source>
        <translation>两天内到期的还款</translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="84"/>
        <source>Cases waiting {days} days or more</source>
        <translation>停留 {days} 天及以上的案件</translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="106"/>
        <source>everyone</source>
        <translation>全部人员</translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="107"/>
        <source>Today, {0} — {1}</source>
        <translation>今日 {0} — {1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="133"/>
        <location filename="../../app/ui/today.py" line="137"/>
        <source>Follow-up visit</source>
        <translation>回访</translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="134"/>
        <source>How did the visit to {0} go?</source>
        <translation>{0} 的回访情况如何？</translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="138"/>
        <source>Did the customer leave a review?</source>
        <translation>客户是否留下了评价？</translation>
    </message>
</context>
<context>
    <name>UsersTab</name>
    <message>
        <location filename="../../app/ui/users_tab.py" line="42"/>
        <source>Sign-in name</source>
        <translation>登录名</translation>
    </message>
    <message>
        <location filename="../../app/ui/users_tab.py" line="42"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/ui/users_tab.py" line="43"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../app/ui/users_tab.py" line="43"/>
        <source>Active</source>
        <translation>启用</translation>
    </message>
    <message>
        <location filename="../../app/ui/users_tab.py" line="49"/>
        <source>sign-in name, e.g. wang.fang</source>
        <translation>登录名，如 wang.fang</translation>
    </message>
    <message>
        <location filename="../../app/ui/users_tab.py" line="51"/>
        <source>name, e.g. 王芳</source>
        <translation>姓名，如 王芳</translation>
    </message>
    <message>
        <location filename="../../app/ui/users_tab.py" line="56"/>
        <source>Add user…</source>
        <translation>添加用户…</translation>
    </message>
    <message>
        <location filename="../../app/ui/users_tab.py" line="58"/>
        <source>Give the selected user this role</source>
        <translation>将所选用户设为此角色</translation>
    </message>
    <message>
        <location filename="../../app/ui/users_tab.py" line="60"/>
        <source>Switch the selected account off / on</source>
        <translation>停用 / 启用所选账户</translation>
    </message>
    <message>
        <location filename="../../app/ui/users_tab.py" line="62"/>
        <source>Set a new password…</source>
        <translation>设置新密码…</translation>
    </message>
    <message>
        <location filename="../../app/ui/users_tab.py" line="104"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../app/ui/users_tab.py" line="104"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../app/ui/users_tab.py" line="126"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../app/ui/users_tab.py" line="126"/>
        <source>Password for %1 (at least 8 characters):</source>
        <translation>%1 的密码(至少 8 位)：</translation>
    </message>
    <message>
        <location filename="../../app/ui/users_tab.py" line="137"/>
        <source>%1 added.</source>
        <translation>已添加 %1。</translation>
    </message>
    <message>
        <location filename="../../app/ui/users_tab.py" line="144"/>
        <source>%1&apos;s role changed.</source>
        <translation>已更改 %1 的角色。</translation>
    </message>
    <message>
        <location filename="../../app/ui/users_tab.py" line="151"/>
        <source>%1 switched off.</source>
        <translation>已停用 %1。</translation>
    </message>
    <message>
        <location filename="../../app/ui/users_tab.py" line="153"/>
        <source>%1 switched on.</source>
        <translation>已启用 %1。</translation>
    </message>
    <message>
        <location filename="../../app/ui/users_tab.py" line="161"/>
        <source>New password set for %1.</source>
        <translation>已为 %1 设置新密码。</translation>
    </message>
</context>
</TS>
