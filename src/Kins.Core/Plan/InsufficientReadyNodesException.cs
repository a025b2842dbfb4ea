using Kins.Core.Model;
using Kins.Core.SuperEdge;

namespace Kins.Core.Plan;

/// <summary>The unit has fewer ready nodes than its level needs; the message is site-manager's own.</summary>
public sealed class InsufficientReadyNodesException : InvalidOperationException
{
    public InsufficientReadyNodesException(string unit, AutonomyLevel level, int readyNodes)
        : base(SuperEdgeNames.InsufficientReadyNodeMessage)
    {
        Unit = unit;
        Level = level;
        ReadyNodes = readyNodes;
    }

    public InsufficientReadyNodesException() : base(SuperEdgeNames.InsufficientReadyNodeMessage) { Unit = string.Empty; }
    public InsufficientReadyNodesException(string message) : base(message) { Unit = string.Empty; }
    public InsufficientReadyNodesException(string message, Exception inner) : base(message, inner) { Unit = string.Empty; }

    public string Unit { get; }
    public AutonomyLevel Level { get; }
    public int ReadyNodes { get; }
}
