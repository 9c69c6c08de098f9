using Supplychain.Components.Core;
using Supplychain.Components.Domain;
using Supplychain.Components.Model;

namespace Supplychain.Components.Platform.Aws;

/// <summary>
/// VPC audit and lockdown: flow logs (CMP035), every accepted and rejected flow of the stack's VPC into a CloudWatch log group
/// kept a year in prod, delivered by a role only the flow-log service can assume and only for this group; and the VPC's
/// default security group adopted with no rules (CMP049).
/// </summary>
public sealed partial class AwsFoundation
{
    /// <summary>Days flow logs are kept: a year in prod (evidence, CMP037), 90 days elsewhere.</summary>
    public int FlowLogDays => Scope.Stack.Environment == EnvironmentTier.Prod ? 365 : 90;

    private void RenderFlowLog(Scope scope, Resource vpc)
    {
        // The default security group admits all traffic between its members; adopted with no rules, nothing can use it (CMP049).
        scope.Add("default-security-group", AwsTypes.DefaultSecurityGroup, new MapValue
        {
            ["vpcId"] = vpc.Ref("id"),
            ["ingress"] = new ListValue(),
            ["egress"] = new ListValue(),
            ["tags"] = scope.Tags(new Dictionary<string, string> { ["Name"] = NamePrefix + "-default-closed" }),
        });
        var logs = scope.Add("flow-logs", AwsTypes.LogGroup, new MapValue
        {
            ["name"] = $"/aws/vpc/{NamePrefix}/flow-logs",
            ["retentionInDays"] = FlowLogDays,
            ["tags"] = scope.Tags(),
        });
        var role = ServiceRole(scope, "flow-logs-role", "vpc-flow-logs.amazonaws.com", $"{NamePrefix}: VPC flow logs deliver to their log group");
        RolePolicy(scope, "flow-logs-role-delivery", role, new IamPolicyDocument(
            IamStatement.Allow("DeliverFlowLogs", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams")
                .On(logs.Ref("arn"), new InterpolationValue(logs.Ref("arn"), ":*"))));
        scope.Add("flow-log", AwsTypes.FlowLog, new MapValue
        {
            ["vpcId"] = vpc.Ref("id"),
            ["trafficType"] = "ALL",
            ["logDestinationType"] = "cloud-watch-logs",
            ["logDestination"] = logs.Ref("arn"),
            ["iamRoleArn"] = role.Ref("arn"),
            ["maxAggregationInterval"] = 600,
            ["tags"] = scope.Tags(),
        });
    }
}
