//! A set of RSS files on disk that a test subscribes to (no server) and rewrites round after
//! round with new items, to drive refreshes that store many articles.

use std::path::PathBuf;

use super::griot::Griot;

/// `feeds` files of `items` items each, in a directory of their own.
pub struct LocalFeeds {
    pub dir: PathBuf,
    pub feeds: usize,
    pub items: usize,
    /// The HTML every item's description starts with (sets how much a refresh writes).
    pub body: String,
}

impl LocalFeeds {
    /// Writes round 0 into `g`'s temp dir, subscribes `g` to every file and refreshes once.
    pub fn subscribe(g: &Griot, feeds: usize, items: usize, body: String) -> LocalFeeds {
        let local = LocalFeeds {
            dir: g.dir.path().join("feeds"),
            feeds,
            items,
            body,
        };
        std::fs::create_dir_all(&local.dir).expect("feeds dir");
        local.write(0);
        let urls: String = (0..feeds)
            .map(|f| format!("{}\n", local.file(f).display()))
            .collect();
        let list = g.file("urls", &urls);
        g.ok(&["import", list.to_str().expect("utf-8 path")]);
        g.ok(&["refresh"]);
        local
    }

    fn file(&self, feed: usize) -> PathBuf {
        self.dir.join(format!("f{feed}.xml"))
    }

    /// Rewrites every feed with the items of `round` (new guids each round).
    pub fn write(&self, round: usize) {
        let body = &self.body;
        for f in 0..self.feeds {
            let mut xml = format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>\
                 <title>Feed {f}</title><link>http://127.0.0.1:9/</link>\n"
            );
            for i in 0..self.items {
                xml.push_str(&format!(
                    "<item><title>Feed {f} round {round} item {i}</title><guid>f{f}-r{round}-i{i}</guid>\
                     <link>http://127.0.0.1:9/{f}/{round}/{i}</link>\
                     <description><![CDATA[{body}<p>round {round} item {i}</p>]]></description></item>\n"
                ));
            }
            xml.push_str("</channel></rss>\n");
            std::fs::write(self.file(f), xml).expect("write feed");
        }
    }
}
