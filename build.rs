//! Embeds the application icon in the Windows executable (Explorer, taskbar). Elsewhere the
//! icon comes from the .desktop file (Linux) or the app bundle (macOS).

fn main() {
    println!("cargo:rerun-if-changed=assets/icons/industry-monitor.ico");
    #[cfg(windows)]
    {
        let mut res = winresource::WindowsResource::new();
        res.set_icon("assets/icons/industry-monitor.ico");
        res.set("ProductName", "Industry Monitor 工业运行监测");
        res.set("FileDescription", "Industry Monitor 工业运行监测");
        if let Err(e) = res.compile() {
            println!("cargo:warning=the icon was not embedded: {e}");
        }
    }
}
