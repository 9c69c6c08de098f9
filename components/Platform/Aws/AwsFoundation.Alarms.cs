using Supplychain.Components.Core;
using Supplychain.Components.Model;

namespace Supplychain.Components.Platform.Aws;

/// <summary>A CloudWatch alarm on one metric of one resource, typed.</summary>
/// <param name="Metric">Metric name, e.g. <c>CPUUtilization</c>.</param>
/// <param name="Namespace">Metric namespace, e.g. <c>AWS/RDS</c>.</param>
/// <param name="Dimensions">Dimensions naming the resource (values may be references).</param>
/// <param name="Comparison">CloudWatch comparison operator, e.g. <c>GreaterThanThreshold</c>.</param>
/// <param name="Threshold">The threshold in the metric's unit.</param>
/// <param name="Description">What the alarm means and what to do.</param>
/// <param name="Periods">Consecutive 5-minute periods before the alarm fires (default 3: a 15-minute trend, not a blip).</param>
public sealed record CloudWatchAlarm(string Metric, string Namespace, MapValue Dimensions, string Comparison, decimal Threshold, string Description, int Periods = 3);

public sealed partial class AwsFoundation
{
    /// <summary>Adds an alarm that notifies the alarm topic when it fires and when it recovers.</summary>
    public Resource Alarm(Scope scope, string leaf, CloudWatchAlarm alarm) =>
        scope.Add(leaf, AwsTypes.MetricAlarm, new MapValue
        {
            ["alarmDescription"] = alarm.Description,
            ["namespace"] = alarm.Namespace,
            ["metricName"] = alarm.Metric,
            ["dimensions"] = alarm.Dimensions,
            ["statistic"] = "Average",
            ["period"] = 300,
            ["evaluationPeriods"] = alarm.Periods,
            ["comparisonOperator"] = alarm.Comparison,
            ["threshold"] = alarm.Threshold,
            // A database or cache that stops reporting is itself a problem worth a look.
            ["treatMissingData"] = "breaching",
            ["alarmActions"] = new ListValue { AlarmTopic.Ref("arn") },
            ["okActions"] = new ListValue { AlarmTopic.Ref("arn") },
            ["tags"] = scope.Tags(),
        });

    /// <summary>A security group admitting only the cluster's nodes and pods (the EKS cluster security group) on one port, with no egress.</summary>
    public Resource DataStoreSecurityGroup(Scope scope, string leaf, int port, string description) =>
        scope.Add(leaf, AwsTypes.SecurityGroup, new MapValue
        {
            ["description"] = description,
            ["vpcId"] = VpcId,
            ["ingress"] = new ListValue
            {
                new MapValue
                {
                    ["description"] = "EKS nodes and pods",
                    ["protocol"] = "tcp",
                    ["fromPort"] = port,
                    ["toPort"] = port,
                    ["securityGroups"] = new ListValue { ClusterSecurityGroupId },
                },
            },
            // A data store answers connections; it never opens any.
            ["egress"] = new ListValue(),
            ["tags"] = scope.Tags(),
        });
}
