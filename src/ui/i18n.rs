//! Every label of the window in Chinese and English, in one table.

use crate::model::Lang;

/// A label in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tr {
    /// Chinese.
    pub zh: &'static str,
    /// English.
    pub en: &'static str,
}

impl Tr {
    /// The label in `lang`.
    pub fn get(self, lang: Lang) -> &'static str {
        lang.pick(self.zh, self.en)
    }
}

macro_rules! tr {
    ($($name:ident = $zh:literal, $en:literal;)*) => {
        $(
                        #[doc = concat!($zh, " / ", $en)]
            pub const $name: Tr = Tr { zh: $zh, en: $en };
        )*
    };
}

tr! {
    APP_TITLE = "工业运行监测", "Industry Monitor";
    MENU_FILE = "文件", "File";
    MENU_OPEN = "打开数据集…", "Open dataset…";
    MENU_RECENT = "最近打开", "Recent datasets";
    MENU_OPEN_SAMPLE = "打开样例数据", "Open the sample dataset";
    MENU_CONNECT = "连接服务器数据集…", "Open a dataset on a server…";
    MENU_QUIT = "退出", "Quit";
    MENU_EXPORT = "导出会议材料…", "Export the briefing…";
    MENU_IMPORT = "导入数据…", "Import data…";
    MENU_PREV_PERIOD = "上一时期", "Previous period";
    MENU_NEXT_PERIOD = "下一时期", "Next period";
    EXPORT_BUTTON = "导出会议材料", "Export briefing";
    MENU_VIEW = "视图", "View";
    MENU_HELP = "帮助", "Help";
    MENU_ABOUT = "关于", "About";
    NO_RECENT = "（无）", "(none)";
    DATASET = "数据集", "Dataset";
    SAMPLE_BADGE = "样例数据", "sample data";
    READ_ONLY = "只读", "read-only";
    REGION = "地区", "Region";
    PERIOD = "时期", "Period";
    YEAR = "年份", "Year";
    BASIS = "口径", "Basis";
    YTD = "累计", "YTD";
    MONTH = "当月", "Month";
    LANGUAGE = "语言", "Language";
    THEME = "主题", "Theme";
    THEME_LIGHT = "浅色", "Light";
    THEME_DARK = "深色", "Dark";
    TAB_OVERVIEW = "概览", "Overview";
    TAB_GROWTH = "增速走势", "Growth";
    TAB_RANKING = "全省排名", "Ranking";
    TAB_INDUSTRIES = "行业结构", "Industries";
    TAB_ENTERPRISES = "企业服务", "Enterprises";
    TAB_RETURNS = "企业月报", "Returns";
    TAB_EVALUATION = "包联考核", "Evaluation";
    TAB_DATA = "数据", "Data";
    PP = "个百分点", "percentage points";
    PP_SHORT = "个百分点", "pp";
    STREAK = "连续", "streak";
    RESET_VIEW = "重置视图", "Reset view";
    COPY_DATA = "复制数据", "Copy data";
    COPY_DATA_HINT = "复制为表格，可直接粘贴到 Excel、WPS 或 Word", "Copy as a table to paste into Excel, WPS or Word";
    IN_SEQUENCE = "按时间连续", "In sequence";
    OVERLAID = "各年叠加", "Years overlaid";
    SHOW_MONTH = "当月增速", "Monthly growth";
    SHOW_YTD = "累计增速", "Cumulative growth";
    HOVER_GAP_PARENT = "较全省", "vs province";
    HOVER_GAP_NATION = "较全国", "vs nation";
    OPEN_FAILED = "无法打开数据集", "Could not open the dataset";
    DISMISS = "关闭", "Dismiss";
    SAMPLE_NOTICE = "当前为内置样例数据（部分为示意数据）。可通过“文件 → 打开数据集”或“文件 → 导入数据”使用自己的数据。", "This is the bundled sample dataset (partly illustrative). Open or import your own data from the File menu.";
    DROP_HINT = "松开以打开数据集", "Drop to open the dataset";
    NO_DATASET = "未打开数据集。按 Ctrl+O 打开，或将 .imdb 文件拖入窗口。", "No dataset open. Press Ctrl+O, or drop an .imdb file on the window.";
    SOURCE = "来源", "Source";
    ILLUSTRATIVE = "示意数据", "illustrative";
    ABOUT_TEXT = "工业运行监测：为工业和信息化部门编制经济运行调度会材料。", "Industry Monitor: briefings for the economic-operation meetings of industry bureaus.";
}
