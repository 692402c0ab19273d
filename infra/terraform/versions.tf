terraform {
  required_version = ">= 1.6"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.70"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6"
    }
  }

  # State holds generated secrets (database password, tokens): keep it in an encrypted,
  # versioned bucket with a lock table, never in git. Fill in and uncomment (README.md).
  # backend "s3" {
  #   bucket         = "REPLACE-ME-terraform-state"
  #   key            = "neuroops/production.tfstate"
  #   region         = "eu-west-1"
  #   dynamodb_table = "REPLACE-ME-terraform-locks"
  #   encrypt        = true
  # }
}

provider "aws" {
  region = var.aws_region

  default_tags {
    tags = {
      Project     = "neuroops"
      Environment = var.environment
      ManagedBy   = "terraform"
    }
  }
}
