namespace Kins.Core.Errors;

/// <summary>
/// Mirrors the PowerShell ErrorCategory values Kins uses, so Kins.Core needs no PowerShell reference.
/// The cmdlet layer maps each value to the ErrorCategory of the same name.
/// </summary>
public enum KinsErrorCategory
{
    NotSpecified,
    ObjectNotFound,
    InvalidArgument,
    InvalidData,
    InvalidOperation,
    PermissionDenied,
    ResourceExists,
    ResourceBusy,
    ResourceUnavailable,
    ConnectionError,
    OperationTimeout,
    OperationStopped,
    NotImplemented,
    NotInstalled,
    AuthenticationError,
    WriteError,
    InvalidResult,
}
