//! The command line's shape: options, commands and their English help (doc comments, as clap
//! reads them). The Chinese help is `help_zh`, applied to the same tree when the language is
//! Chinese; a test there checks that nothing in this tree lacks its Chinese text.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// yiyong (义勇): a static site generator for acts-of-bravery associations, compatible with Zola.
#[derive(Parser)]
#[command(name = "yiyong", version, about)]
pub struct Cli {
    /// Site folder (the one holding config.toml)
    #[arg(short, long, global = true, default_value = ".")]
    pub root: PathBuf,
    /// Config file, relative to the root (default: zola.toml, else config.toml)
    #[arg(short, long, global = true)]
    pub config: Option<PathBuf>,
    /// Language of messages and help: zh (中文) or en; default from YIYONG_LANG or the locale
    #[arg(long, global = true, value_name = "zh|en")]
    pub lang: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Build the site into public/ (or output_dir)
    Build {
        /// Write here instead of output_dir
        #[arg(short, long)]
        output_dir: Option<PathBuf>,
        /// Replace base_url from the config
        #[arg(short = 'u', long)]
        base_url: Option<String>,
        /// Include pages and sections marked draft
        #[arg(long)]
        drafts: bool,
        /// Allow an existing --output-dir, or files yiyong has no record of writing, to be replaced
        #[arg(short, long)]
        force: bool,
        /// Minify the HTML (as `minify_html = true` in the config)
        #[arg(long)]
        minify: bool,
        /// After the build, print where its time went: per stage, template, output and function
        #[arg(long)]
        profile: bool,
    },
    /// Build into memory, serve on 127.0.0.1, rebuild and reload the browser on every change
    Serve {
        /// Address to listen on (127.0.0.1 keeps the preview private to this computer)
        #[arg(short, long, default_value = "127.0.0.1")]
        interface: String,
        /// Port (0 picks a free one)
        #[arg(short, long, default_value_t = 1111)]
        port: u16,
        /// Base URL of the preview (a bare host gets the port added)
        #[arg(short = 'u', long)]
        base_url: Option<String>,
        /// Include pages and sections marked draft
        #[arg(long)]
        drafts: bool,
        /// Open the site in the default browser
        #[arg(short = 'O', long)]
        open: bool,
        /// Do not add the port to --base-url
        #[arg(long)]
        no_port_append: bool,
        /// Also watch this folder (relative to the root) and rebuild when it changes; repeatable
        #[arg(long)]
        extra_watch_path: Vec<PathBuf>,
        /// Wait this many milliseconds of quiet after a change before rebuilding (default 8)
        #[arg(short, long, value_parser = clap::value_parser!(u64).range(1..))]
        debounce: Option<u64>,
        /// Zola's flag; yiyong already re-renders only what an edit touches, so it changes nothing
        #[arg(short, long)]
        fast: bool,
        /// Zola's flag; accepted, but the preview is kept in memory and no file is written
        #[arg(long)]
        store_html: bool,
        /// Zola's flag; accepted, but the preview is kept in memory and no file is written
        #[arg(short, long)]
        output_dir: Option<PathBuf>,
        /// Zola's flag; accepted with --output-dir, which writes nothing
        #[arg(long)]
        force: bool,
    },
    /// Load and render everything without writing; verify internal links and anchors
    Check {
        /// Include drafts
        #[arg(long)]
        drafts: bool,
        /// Also fetch every external link (and check its #anchor) instead of only listing them
        #[arg(long, conflicts_with = "skip_external_links")]
        external: bool,
        /// Neither fetch nor list external links (Zola's flag; yiyong fetches none without --external)
        #[arg(long)]
        skip_external_links: bool,
        /// Print where the time went: per stage, template, output and function
        #[arg(long)]
        profile: bool,
    },
    /// Create a content file: hero, place, event, news or team
    New {
        /// hero (英模), place (阵地), event (活动), news (新闻) or team (队伍)
        kind: String,
        /// The title, e.g. "李某某勇救落水儿童"
        title: String,
        /// A hero who is not to be named: `anonymous = true`, and a file name (the page's
        /// address) that says nothing of the name
        #[arg(long)]
        anonymous: bool,
        /// The date: an event's day (required for events), a news item's (default today)
        #[arg(long)]
        date: Option<String>,
    },
    /// Import a hero roll, a list of places or of volunteer teams from a spreadsheet (.xlsx, .xls, .ods, .csv)
    Import {
        /// heroes (英模), places (阵地) or teams (队伍)
        kind: String,
        /// The sheet: .xlsx, .xls, .ods, or .csv (UTF-8 or GBK)
        file: PathBuf,
        /// Which sheet of the workbook (default: the first)
        #[arg(long)]
        sheet: Option<String>,
        /// A TOML file naming the field of each column not known by its header: "表头" = "field"
        #[arg(long)]
        map: Option<PathBuf>,
        /// Print what would be created, updated or left unchanged, with the changes; write nothing
        #[arg(long)]
        dry_run: bool,
        /// The folder to write into, inside content/ (default: the kind's section)
        #[arg(long)]
        into: Option<PathBuf>,
        /// The columns that identify a row from one import to the next (default: 姓名+事发时间 for heroes, 名称 for places, 队伍名称 for teams)
        #[arg(long)]
        key: Option<String>,
    },
    /// Create a new site in DIR
    Init {
        /// Folder to create (new or empty, unless --force; default: here)
        dir: Option<PathBuf>,
        /// Allow a folder that holds files already (none of them is overwritten)
        #[arg(short, long)]
        force: bool,
        // The global --root and --config mean nothing next to DIR: these hidden ones take
        // their place in `init` (clap does not copy a global option into a command that has
        // one of the same name), so `init --help` does not offer them. `--root` is accepted
        // as DIR for those who type it anyway.
        #[arg(short, long, hide = true)]
        root: Option<PathBuf>,
        #[arg(short, long, hide = true)]
        config: Option<PathBuf>,
    },
    /// The site's setup in plain words: what to fill in before publishing
    Doctor,
    /// WeChat official account (公众号) articles made from the news pages
    Wechat {
        #[command(subcommand)]
        action: Wechat,
    },
}

#[derive(Subcommand)]
pub enum Wechat {
    /// Write each news page (or the ones named) as a WeChat article and its preview page
    Export {
        /// Content paths of news pages, e.g. news/2025-07-21-national-conference.md (default: all)
        pages: Vec<String>,
        /// Folder to write into (default: public-wechat/ in the site)
        #[arg(long)]
        out: Option<PathBuf>,
        /// Let a page's own privacy opt-out ([extra.privacy]) count for WeChat too
        #[arg(long)]
        allow_private: bool,
        /// Include pages marked draft
        #[arg(long)]
        drafts: bool,
    },
    /// Mirror the news pages (or the ones named) into the official account's draft box
    Sync {
        /// Content paths of news pages (default: the whole news feed)
        pages: Vec<String>,
        /// Print what would be done; make no request at all
        #[arg(long)]
        dry_run: bool,
        /// Submit the synced drafts for publishing (freepublish/submit)
        #[arg(long)]
        publish: bool,
        /// Which account of [extra.yiyong.wechat.accounts] (needed when there are several)
        #[arg(long)]
        account: Option<String>,
        /// Let a page's own privacy opt-out ([extra.privacy]) count for WeChat too
        #[arg(long)]
        allow_private: bool,
    },
}
