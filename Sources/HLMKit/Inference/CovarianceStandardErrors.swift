import HLMPlatform

/// A covariance parameter with its standard error from the inverse expected information.
public struct CovarianceParameterEstimate: Sendable, Equatable {
    /// `tau(INTRCPT1,INTRCPT1)`, `tau(SES,INTRCPT1)`, ..., then `sigma2` (homogeneous) or `alpha(INTRCPT1)`,
    /// `alpha(FEMALE)`, ... (heterogeneous).
    public var parameter: String
    /// The estimate.
    public var estimate: Double
    /// sqrt of the diagonal of 2 F^-1, F the expected information of the deviance over (vech Tau, alpha)
    /// (REML: tr(P V_a P V_b)); SE(sigma^2) = sigma^2 SE(ln sigma^2). NaN when F is singular (a boundary fit).
    public var standardError: Double
}

extension Inference {
    /// The rows of `CovarianceParameterEstimate` from the expected information at the estimates, on the
    /// user's columns: (vech Tau, alpha) and their covariance J (2 F^-1) J' with J the linear map from the
    /// design's centred columns (`DesignStandardisation.covarianceParameterJacobian`).
    static func covarianceStandardErrors(design: ModelDesign, parameters: CovarianceParameters,
                                          information: Matrix) -> [CovarianceParameterEstimate] {
        let map = design.standardisation
        let jacobian = map.covarianceParameterJacobian(randomCount: design.randomCount,
                                                       variance: design.level1.centring)
        let covariance = Cholesky(information, relativeTolerance: 0).map {
            jacobian * (2 * $0.inverse()) * jacobian.transposed
        }
        let variance = { (index: Int) in covariance?[index, index] ?? .nan }
        let names = design.randomCoefficients
        let tau = map.random.userCovariance(parameters.tau)
        let pairs = Matrix.lowerTriangle(design.randomCount)
        var rows = pairs.enumerated().map { index, pair in
            CovarianceParameterEstimate(parameter: "tau(\(names[pair.row]),\(names[pair.column]))",
                                        estimate: tau[pair.row, pair.column], standardError: variance(index).squareRoot())
        }
        if design.level1.isHeterogeneous {
            rows += design.level1.centring.userCoefficients(parameters.alpha).enumerated().map { h, alpha in
                CovarianceParameterEstimate(parameter: "alpha(\(design.level1.variancePredictors[h]))", estimate: alpha,
                                            standardError: variance(pairs.count + h).squareRoot())
            }
        } else {
            let sigma2 = exp(parameters.alpha[0])
            rows.append(CovarianceParameterEstimate(parameter: "sigma2", estimate: sigma2,
                                                    standardError: sigma2 * variance(pairs.count).squareRoot()))
        }
        return rows
    }
}
