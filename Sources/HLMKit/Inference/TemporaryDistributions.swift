import Foundation
public enum Distributions {
    public static func normalTwoSidedP(_ z: Double) -> Double { erfc(abs(z) / 2.0.squareRoot()) }
    public static func studentTTwoSidedP(_ t: Double, degreesOfFreedom: Double) -> Double { erfc(abs(t) / 2.0.squareRoot()) }
    public static func chiSquareUpperTail(_ x: Double, degreesOfFreedom: Double) -> Double { 0 }
}
