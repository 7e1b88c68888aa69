import Foundation

/// The example data files shipped with HLMKit (the HS&B data: `hsb1.csv`, `hsb2.csv`).
public enum ExampleData {
    /// The URL of the bundled example file `name` (e.g. `"hsb1.csv"`), or nil if there is none.
    public static func url(_ name: String) -> URL? {
        Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Examples")
    }
}
